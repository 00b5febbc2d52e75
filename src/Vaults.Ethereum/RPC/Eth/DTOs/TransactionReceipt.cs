using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The result of <c>eth_getTransactionReceipt</c>.</summary>
public sealed record TransactionReceipt
{
    /// <summary>The transaction hash.</summary>
    public string TransactionHash { get; init; } = "";

    /// <summary>The transaction's index in its block.</summary>
    public HexBigInteger TransactionIndex { get; init; }

    /// <summary>The block number.</summary>
    public HexBigInteger BlockNumber { get; init; }

    /// <summary>The block hash.</summary>
    public string BlockHash { get; init; } = "";

    /// <summary>The sender.</summary>
    public string From { get; init; } = "";

    /// <summary>The recipient (null for contract creation).</summary>
    public string? To { get; init; }

    /// <summary>Gas used by this transaction.</summary>
    public HexBigInteger GasUsed { get; init; }

    /// <summary>Gas used in the block up to and including this transaction.</summary>
    public HexBigInteger CumulativeGasUsed { get; init; }

    /// <summary>The price paid per gas.</summary>
    public HexBigInteger? EffectiveGasPrice { get; init; }

    /// <summary>1 for success, 0 for failure (post-Byzantium).</summary>
    public HexBigInteger? Status { get; init; }

    /// <summary>The created contract, for deployments.</summary>
    public string? ContractAddress { get; init; }

    /// <summary>The logs emitted.</summary>
    public FilterLog[] Logs { get; init; } = [];

    /// <summary>The logs bloom.</summary>
    public string? LogsBloom { get; init; }

    /// <summary>The transaction type.</summary>
    public HexBigInteger? Type { get; init; }

    /// <summary>True when <see cref="Status"/> is 1.</summary>
    public bool Succeeded() => Status is { } status && status.Value.IsOne;

    /// <summary>True when <see cref="Status"/> is 0.</summary>
    public bool HasErrors() => Status is { } status && status.Value.IsZero;
}
