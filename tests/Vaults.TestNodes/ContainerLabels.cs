using System.Diagnostics;
using System.Globalization;

namespace Vaults.TestNodes;

/// <summary>
/// Labels on every test-node container, naming the test process that owns it. With Ryuk unavailable nothing else removes a
/// container whose test run was killed; the next run finds it by these labels and removes it (see <see cref="LeftoverContainers"/>).
/// </summary>
internal static class ContainerLabels
{
    /// <summary>Present on every test-node container.</summary>
    public const string Node = "vaults.test-node";
    public const string OwnerHost = "vaults.test-node.owner-host";
    public const string OwnerPid = "vaults.test-node.owner-pid";
    /// <summary>The owner's start time (Unix ms): a recycled pid is not mistaken for the owner.</summary>
    public const string OwnerStarted = "vaults.test-node.owner-started";

    /// <summary>
    /// How far two readings of one process's start time may differ: .NET derives it from the boot time, which it computes
    /// afresh in every process, so readings from two processes differ by milliseconds. A pid recycled this fast is not a concern.
    /// </summary>
    private const long StartTimeToleranceMs = 2_000;

    /// <summary>The labels for a container owned by this process.</summary>
    public static IReadOnlyDictionary<string, string> ForThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new Dictionary<string, string>
        {
            [Node] = "hardhat",
            [OwnerHost] = Environment.MachineName,
            [OwnerPid] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            [OwnerStarted] = StartMs(self).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>True when the labels name a process on this machine that no longer runs.</summary>
    public static bool OwnerIsGone(IDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(OwnerHost, out var host) || host != Environment.MachineName) return false; // another machine's: not ours to judge
        if (!labels.TryGetValue(OwnerPid, out var pidText) || !int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid)) return true;
        try
        {
            using var owner = Process.GetProcessById(pid);
            return labels.TryGetValue(OwnerStarted, out var startedText)
                && long.TryParse(startedText, CultureInfo.InvariantCulture, out var started)
                && Math.Abs(started - StartMs(owner)) > StartTimeToleranceMs;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // exited while we looked
        }
    }

    private static long StartMs(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds();
}
