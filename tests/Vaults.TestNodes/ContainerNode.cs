using System.Diagnostics;
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
public sealed partial class ContainerNode : IDevnetNode
{
    private const string ReadyMarker = "HARDHAT_NODE_READY ";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    private readonly string _image;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly EventHandler _removeOnProcessExit;
    private IContainer? _container;

    private ContainerNode(string image, IReadOnlyDictionary<string, string> labels)
    {
        _image = image;
        _labels = labels;
        _removeOnProcessExit = (_, _) => RemoveQuietly(_container);
    }

    /// <inheritdoc />
    public int Port { get; private set; }

    /// <inheritdoc />
    public Uri RpcUrl => new($"http://127.0.0.1:{Port}/");

    /// <inheritdoc />
    public Uri WebSocketUrl => new($"ws://127.0.0.1:{Port}/");

    /// <inheritdoc />
    public long ChainId { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<DevAccount> Accounts => HardhatDevAccounts.PublishedDevKeys;

    /// <inheritdoc />
    public string Instance => _container is { } c ? $"container {c.Id[..12]}" : "stopped";

    /// <summary>How long the last start took from creating the container to the node's ready line.</summary>
    public TimeSpan LastStartTime { get; private set; }

    /// <summary>Starts a container on a free port (another one if the port is taken before the node binds it).</summary>
    internal static async Task<ContainerNode> StartAsync(string image, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var node = new ContainerNode(image, labels);
        try
        {
            const int attempts = 3;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await node.LaunchAsync(FreePort.Pick(), ct).ConfigureAwait(false);
                    return node;
                }
                catch (HardhatNodeStartException e) when (attempt < attempts && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    // Someone took the port between FreePort.Pick and the node's bind.
                }
            }
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await RemoveAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await RemoveAsync().ConfigureAwait(false);
            await LaunchAsync(Port, ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
    }

    private async Task LaunchAsync(int port, CancellationToken ct)
    {
        Port = port;
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
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await container.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var logs = await LogsAsync(container).ConfigureAwait(false);
            await RemoveAsync().ConfigureAwait(false);
            throw new HardhatNodeStartException(
                $"The Hardhat node container ({_image}) did not become ready on port {port}: {e.Message}{Environment.NewLine}Output:{Environment.NewLine}{logs}", e);
        }
        catch
        {
            await RemoveAsync().ConfigureAwait(false);
            throw;
        }
        LastStartTime = stopwatch.Elapsed;
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

    private async Task RemoveAsync()
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
