using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>A log as returned by <c>eth_getLogs</c>, filters, receipts and <c>eth_subscribe("logs")</c>.</summary>
public sealed record FilterLog
{
    /// <summary>The emitting contract.</summary>
    public string Address { get; init; } = "";

    /// <summary>Topic 0 (the event signature hash, for non-anonymous events) and the indexed arguments, "0x" hex.</summary>
    public string[] Topics { get; init; } = [];

    /// <summary>The non-indexed data, "0x" hex.</summary>
    public string Data { get; init; } = "0x";

    /// <summary>The block number (null only for pending logs).</summary>
    public HexBigInteger? BlockNumber { get; init; }

    /// <summary>The block hash (null only for pending logs).</summary>
    public string? BlockHash { get; init; }

    /// <summary>The transaction hash.</summary>
    public string? TransactionHash { get; init; }

    /// <summary>The transaction's index in its block.</summary>
    public HexBigInteger? TransactionIndex { get; init; }

    /// <summary>The log's index in its block.</summary>
    public HexBigInteger? LogIndex { get; init; }

    /// <summary>True when the log was removed by a chain reorganisation (consumers must undo its effects).</summary>
    public bool Removed { get; init; }

    /// <summary>The topics as bytes.</summary>
    public byte[][] GetTopicBytes() => Topics.Select(HexConvert.ToBytes).ToArray();

    /// <summary>The data as bytes.</summary>
    public byte[] GetDataBytes() => HexConvert.ToBytes(Data);
}
