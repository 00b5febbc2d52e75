namespace Vaults.Devnet;

/// <summary>How <see cref="HardhatNode.StartAsync"/> finds and runs the node.</summary>
public sealed record HardhatNodeOptions
{
    /// <summary>
    /// The <c>hardhat-node</c> folder (with <c>hardhat.config.js</c> and <c>scripts/run-node.js</c>). When null,
    /// the folder is searched upwards from <see cref="AppContext.BaseDirectory"/>, then taken from the path
    /// recorded at build time.
    /// </summary>
    public string? HardhatNodeDirectory { get; init; }

    /// <summary>The port on 127.0.0.1; null picks a free one.</summary>
    public int? Port { get; init; }

    /// <summary>How long to wait for the node to answer <c>eth_chainId</c>; Hardhat needs about 1-2 s.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The Node.js executable; a bare name is looked up on PATH.</summary>
    public string NodeExecutable { get; init; } = "node";

    /// <summary>Log every JSON-RPC call in the node's output (Hardhat's console logging); off by default, it is noisy.</summary>
    public bool LogRpcCalls { get; init; }
}
