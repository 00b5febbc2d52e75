namespace Vaults.Devnet;

/// <summary>
/// The lifecycle every kind of local node shares (a child process, a container): one start, stop or restart at a time; a restart on
/// the same port; a first start retried on another free port when someone takes the port between choosing it and the node's bind.
/// </summary>
public abstract class DevnetNodeBase : IDevnetNode
{
    private const int StartAttempts = 3;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>HTTP JSON-RPC endpoint, e.g. <c>http://127.0.0.1:8545/</c>.</summary>
    public Uri RpcUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>WebSocket JSON-RPC endpoint on the same port (Hardhat serves both on one socket).</summary>
    public Uri WebSocketUrl => new($"ws://127.0.0.1:{Port}/");

    /// <summary>The chain id reported when the node started (31337 with our config).</summary>
    public long ChainId { get; protected set; }

    /// <summary>The first 10 funded accounts, with Hardhat's published dev keys.</summary>
    public IReadOnlyList<DevAccount> Accounts => HardhatDevAccounts.PublishedDevKeys;

    /// <inheritdoc />
    public abstract string Instance { get; }

    /// <summary>Kills the node and waits until it is gone. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the node and starts a fresh one on the same port (the chain restarts from genesis).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await _lifecycle.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            await LaunchAsync(Port, ct).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc cref="StopAsync"/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// The first start: on <paramref name="fixedPort"/>, or on a free port, and another one (up to 3 in all) when the node reports the
    /// port taken. On failure the node is disposed and the error rethrown.
    /// </summary>
    protected async Task StartFirstAsync(int? fixedPort, CancellationToken ct)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = fixedPort ?? FreePort.Pick();
                try
                {
                    await LaunchAsync(port, ct).ConfigureAwait(false);
                    return;
                }
                catch (HardhatNodeStartException e) when (fixedPort is null && attempt < StartAttempts && PortWasTaken(e))
                {
                    OnPortTaken(port);
                }
            }
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Task LaunchAsync(int port, CancellationToken ct)
    {
        Port = port;
        return LaunchCoreAsync(port, ct);
    }

    /// <summary>Starts the node on <paramref name="port"/> and waits until it answers (setting <see cref="ChainId"/>); on failure nothing is left running.</summary>
    /// <exception cref="HardhatNodeStartException">The node exited or did not become ready.</exception>
    protected abstract Task LaunchCoreAsync(int port, CancellationToken ct);

    /// <summary>Stops the running node, if any, and waits until it is gone; called one at a time.</summary>
    protected abstract Task StopCoreAsync();

    /// <summary>Whether a failed start was the port being taken (the node's bind failed with EADDRINUSE).</summary>
    protected abstract bool PortWasTaken(HardhatNodeStartException failure);

    /// <summary>Told when a start is retried on another port.</summary>
    protected virtual void OnPortTaken(int port) { }
}
