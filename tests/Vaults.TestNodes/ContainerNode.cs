using System.Globalization;
using System.Text.RegularExpressions;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Vaults.Devnet;

namespace Vaults.TestNodes;

/// <summary>
/// A Hardhat node in a Docker container started with Testcontainers. The container runs on the host network (dockerd runs with
/// no bridge, so the container has no address of its own) and the node binds 127.0.0.1 on a port chosen here. Stopping removes
/// the container; a restart starts a new one on the same port, from genesis, as a restarted process would.
/// </summary>
public sealed partial class ContainerNode : DevnetNodeBase
{
    private const string ReadyMarker = "HARDHAT_NODE_READY ";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly string _image;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly EventHandler _removeOnProcessExit;
    private IContainer? _container;

    private ContainerNode(string image, IReadOnlyDictionary<string, string> labels)
    {
        _image = image;
        _labels = labels;
        _removeOnProcessExit = (_, _) => RemoveQuietly(_container);
    }

    /// <inheritdoc />
    public override string Instance => _container is { } c ? $"container {c.Id[..12]}" : "stopped";

    /// <summary>Starts a container on a free port (another one if the port is taken before the node binds it).</summary>
    internal static async Task<ContainerNode> StartAsync(string image, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var node = new ContainerNode(image, labels);
        await node.StartFirstAsync(fixedPort: null, ct).ConfigureAwait(false);
        return node;
    }

    /// <inheritdoc />
    protected override bool PortWasTaken(HardhatNodeStartException failure) => failure.Message.Contains("EADDRINUSE", StringComparison.Ordinal);

    /// <inheritdoc />
    protected override async Task LaunchCoreAsync(int port, CancellationToken ct)
    {
        var container = new ContainerBuilder(_image)
            .WithName($"vaults-test-node-{port}-{Guid.NewGuid():N}"[..40])
            .WithLabel(_labels)
            .WithCommand("--port", port.ToString(CultureInfo.InvariantCulture))
            // Host networking: the only network besides "none" on a dockerd started with --bridge=none. WithNetwork("host") does not set it.
            .WithCreateParameterModifier(p => (p.HostConfig ??= new Docker.DotNet.Models.HostConfig()).NetworkMode = "host")
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged(ReadyMarker, o => o.WithTimeout(StartupTimeout)))
            .Build();
        _container = container;
        AppDomain.CurrentDomain.ProcessExit += _removeOnProcessExit;
        try
        {
            await container.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var logs = await LogsAsync(container).ConfigureAwait(false);
            await StopCoreAsync().ConfigureAwait(false);
            throw new HardhatNodeStartException(
                $"The Hardhat node container ({_image}) did not become ready on port {port}: {e.Message}{Environment.NewLine}Output:{Environment.NewLine}{logs}", e);
        }
        catch
        {
            await StopCoreAsync().ConfigureAwait(false);
            throw;
        }
        var output = await LogsAsync(container).ConfigureAwait(false);
        var chainId = ChainIdPattern().Match(output);
        ChainId = chainId.Success ? long.Parse(chainId.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new HardhatNodeStartException($"The Hardhat node container's ready line has no chain id:{Environment.NewLine}{output}");
    }

    private static async Task<string> LogsAsync(IContainer container)
    {
        try
        {
            var (stdout, stderr) = await container.GetLogsAsync(timestampsEnabled: false).ConfigureAwait(false);
            var text = (stdout + stderr).Trim();
            return text.Length == 0 ? "(no output)" : text;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"(logs unavailable: {e.Message})";
        }
    }

    /// <summary>Stops and deletes the container.</summary>
    protected override async Task StopCoreAsync()
    {
        var container = _container;
        if (container is null) return;
        _container = null;
        AppDomain.CurrentDomain.ProcessExit -= _removeOnProcessExit;
        // The chain is in memory and disposable: Testcontainers stops and deletes the container.
        await container.DisposeAsync().ConfigureAwait(false);
    }

    private static void RemoveQuietly(IContainer? container)
    {
        try
        {
            // Process exit: no async left to wait on for long, so bounded; a container this misses is a leftover the next run removes.
            container?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort during process exit.
        }
    }

    [GeneratedRegex(@"HARDHAT_NODE_READY \S+ chainId=(\d+)")]
    private static partial Regex ChainIdPattern();
}
