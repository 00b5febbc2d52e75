using System.Diagnostics;
using Vaults.Devnet;

namespace Vaults.TestNodes;

/// <summary>
/// Where every test gets its Hardhat node: a container (Testcontainers) when a Docker daemon answers and the node image builds,
/// a child process otherwise, or as <c>VAULTS_TEST_NODE</c> demands (see <see cref="TestNodeMode"/>). Chosen once per test
/// process; the first fixture that asks says which, in one line.
/// </summary>
public static class TestNodes
{
    private static readonly Selection Shared = new();

    /// <summary>Starts a node the chosen way. <paramref name="report"/> receives the one line saying which way, the first time only.</summary>
    /// <exception cref="InvalidOperationException"><c>VAULTS_TEST_NODE=container</c> and Docker is not usable (the reason is in the message).</exception>
    public static async Task<IDevnetNode> StartAsync(Action<string>? report = null, CancellationToken ct = default)
    {
        var launcher = await Shared.Launcher.Value.WaitAsync(ct).ConfigureAwait(false);
        var stopwatch = Stopwatch.StartNew();
        var node = await launcher.StartAsync(ct).ConfigureAwait(false);
        if (report is not null && Interlocked.Exchange(ref Shared.Reported, 1) == 0)
            report($"test node: {launcher.Description}; first node ready in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return node;
    }

    /// <summary>The launcher chosen for this process (chooses it on first use).</summary>
    public static Task<INodeLauncher> LauncherAsync() => Shared.Launcher.Value;

    private static async Task<INodeLauncher> SelectAsync()
    {
        var mode = TestNodeModeSetting.FromEnvironment();
        var processOptions = new HardhatNodeOptions();
        if (mode == TestNodeMode.Process) return new ProcessNodeLauncher(processOptions, $"{TestNodeModeSetting.Variable}=process");

        var (daemon, failure) = await DockerDaemon.ProbeAsync(CancellationToken.None).ConfigureAwait(false);
        if (daemon is null)
        {
            return mode == TestNodeMode.Container
                ? throw new InvalidOperationException($"{TestNodeModeSetting.Variable}=container, but Docker is not usable: {failure}.")
                : new ProcessNodeLauncher(processOptions, failure);
        }
        try
        {
            daemon.ConfigureTestcontainers();
            var image = await NodeImage.EnsureAsync(HardhatNodeLocator.Locate(null), CancellationToken.None).ConfigureAwait(false);
            var leftovers = await LeftoverContainers.RemoveAsync(daemon, CancellationToken.None).ConfigureAwait(false);
            return new ContainerNodeLauncher(image, daemon, leftovers);
        }
        catch (Exception e) when (mode == TestNodeMode.Auto)
        {
            return new ProcessNodeLauncher(processOptions, $"Docker {daemon.Version} answered at {daemon.Endpoint}, but {DockerDaemon.FirstLine(e.Message)}");
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{TestNodeModeSetting.Variable}=container, but Docker is not usable: {DockerDaemon.FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The once-per-process choice, and whether it was reported yet.</summary>
    private sealed class Selection
    {
        public readonly Lazy<Task<INodeLauncher>> Launcher = new(SelectAsync);
        public int Reported;
    }
}
