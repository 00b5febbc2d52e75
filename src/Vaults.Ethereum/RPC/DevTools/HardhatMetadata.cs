namespace Vaults.Ethereum.RPC.DevTools;

/// <summary>The result of <c>hardhat_metadata</c> (a cheap readiness probe; <see cref="InstanceId"/> changes on <c>hardhat_reset</c>).</summary>
public sealed record HardhatMetadata
{
    /// <summary>E.g. "HardhatNetwork/2.22.0/@nomicfoundation/edr/0.3.5".</summary>
    public string ClientVersion { get; init; } = "";

    /// <summary>The chain id (a JSON number here, not a quantity).</summary>
    public long ChainId { get; init; }

    /// <summary>A random id of this node instance.</summary>
    public string InstanceId { get; init; } = "";

    /// <summary>The latest block number (a JSON number).</summary>
    public long LatestBlockNumber { get; init; }

    /// <summary>The latest block hash.</summary>
    public string LatestBlockHash { get; init; } = "";

    /// <summary>Fork details, when forking.</summary>
    public System.Text.Json.JsonElement? ForkedNetwork { get; init; }
}
