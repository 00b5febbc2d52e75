namespace Vaults.Devnet;

/// <summary>
/// A running Hardhat node that serves JSON-RPC (HTTP and WebSocket) on one 127.0.0.1 port, however it was started: a child
/// process (<see cref="HardhatNode"/>) or, in the tests, a container. The chain lives in memory: a restart starts from genesis.
/// </summary>
public interface IDevnetNode : IAsyncDisposable
{
    /// <summary>The TCP port on 127.0.0.1.</summary>
    int Port { get; }

    /// <summary>HTTP JSON-RPC endpoint, e.g. <c>http://127.0.0.1:8545/</c>.</summary>
    Uri RpcUrl { get; }

    /// <summary>WebSocket JSON-RPC endpoint on the same port.</summary>
    Uri WebSocketUrl { get; }

    /// <summary>The chain id the node reported when it started (31337 with our config).</summary>
    long ChainId { get; }

    /// <summary>The first 10 funded accounts, with Hardhat's published dev keys.</summary>
    IReadOnlyList<DevAccount> Accounts { get; }

    /// <summary>What runs the node now (<c>pid 1234</c>, <c>container 0123456789ab</c>); a restart changes it.</summary>
    string Instance { get; }

    /// <summary>Stops the node (its process or container is gone afterwards). Safe to call twice.</summary>
    Task StopAsync();

    /// <summary>Stops the node and starts a fresh one on the same port (the chain restarts from genesis).</summary>
    Task RestartAsync(CancellationToken ct = default);
}
