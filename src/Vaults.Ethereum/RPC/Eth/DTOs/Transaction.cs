using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The result of <c>eth_getTransactionByHash</c>.</summary>
public sealed record Transaction
{
    /// <summary>The transaction hash.</summary>
    public string Hash { get; init; } = "";

    /// <summary>The sender's nonce.</summary>
    public HexBigInteger Nonce { get; init; }

    /// <summary>The block hash (null while pending).</summary>
    public string? BlockHash { get; init; }

    /// <summary>The block number (null while pending).</summary>
    public HexBigInteger? BlockNumber { get; init; }

    /// <summary>The index in the block (null while pending).</summary>
    public HexBigInteger? TransactionIndex { get; init; }

    /// <summary>The sender.</summary>
    public string From { get; init; } = "";

    /// <summary>The recipient (null for contract creation).</summary>
    public string? To { get; init; }

    /// <summary>The calldata, "0x" hex.</summary>
    public string Input { get; init; } = "0x";

    /// <summary>The value in wei.</summary>
    public HexBigInteger Value { get; init; }

    /// <summary>The gas limit.</summary>
    public HexBigInteger Gas { get; init; }

    /// <summary>The gas price (for EIP-1559 transactions, the effective price once mined).</summary>
    public HexBigInteger? GasPrice { get; init; }

    /// <summary>EIP-1559 fee cap.</summary>
    public HexBigInteger? MaxFeePerGas { get; init; }

    /// <summary>EIP-1559 tip cap.</summary>
    public HexBigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>The transaction type.</summary>
    public HexBigInteger? Type { get; init; }

    /// <summary>The chain id.</summary>
    public HexBigInteger? ChainId { get; init; }

    /// <summary>Signature V (or y-parity).</summary>
    public HexBigInteger? V { get; init; }

    /// <summary>Signature R.</summary>
    public string? R { get; init; }

    /// <summary>Signature S.</summary>
    public string? S { get; init; }
}
