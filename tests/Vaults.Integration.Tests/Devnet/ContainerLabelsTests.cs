using System.Diagnostics;
using System.Globalization;
using Vaults.TestNodes;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>
/// Which test-node containers a run may remove at its start: only those whose owning test process is gone. A wrong answer either
/// leaks containers of killed runs or, worse, removes the node under a test run that is still going.
/// </summary>
public sealed class ContainerLabelsTests
{
    private static Dictionary<string, string> OwnLabels() => new(ContainerLabels.ForThisProcess());

    private static long StartedMs(Dictionary<string, string> labels) => long.Parse(labels[ContainerLabels.OwnerStarted], CultureInfo.InvariantCulture);

    [Fact]
    public void A_container_of_a_live_process_is_not_a_leftover()
    {
        Assert.False(ContainerLabels.OwnerIsGone(OwnLabels()));
    }

    [Fact]
    public void A_start_time_read_a_few_milliseconds_apart_is_still_the_same_owner()
    {
        // Another test process reads this process's start time with milliseconds of jitter (seen: 2 ms); that must not make it a leftover.
        var labels = OwnLabels();
        labels[ContainerLabels.OwnerStarted] = (StartedMs(labels) + 5).ToString(CultureInfo.InvariantCulture);

        Assert.False(ContainerLabels.OwnerIsGone(labels));
    }

    [Fact]
    public async Task A_container_whose_owner_exited_is_a_leftover()
    {
        using var owner = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        await owner.WaitForExitAsync();
        var labels = OwnLabels();
        labels[ContainerLabels.OwnerPid] = owner.Id.ToString(CultureInfo.InvariantCulture);

        Assert.True(ContainerLabels.OwnerIsGone(labels));
    }

    [Fact]
    public void A_recycled_pid_with_another_start_time_is_a_leftover()
    {
        var labels = OwnLabels();
        labels[ContainerLabels.OwnerStarted] = (StartedMs(labels) - 3_600_000).ToString(CultureInfo.InvariantCulture);

        Assert.True(ContainerLabels.OwnerIsGone(labels));
    }

    [Fact]
    public void Another_machines_container_is_never_removed()
    {
        var labels = OwnLabels();
        labels[ContainerLabels.OwnerHost] = "another-machine";
        labels[ContainerLabels.OwnerPid] = "999999999";

        Assert.False(ContainerLabels.OwnerIsGone(labels));
    }
}
