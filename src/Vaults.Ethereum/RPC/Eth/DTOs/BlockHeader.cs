using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>A block header, as pushed by <c>eth_subscribe("newHeads")</c> and as the common part of block results.</summary>
public record BlockHeader
{
    /// <summary>The block number.</summary>
    public HexBigInteger Number { get; init; }

    /// <summary>The block hash.</summary>
    public string Hash { get; init; } = "";

    /// <summary>The parent's hash.</summary>
    public string ParentHash { get; init; } = "";

    /// <summary>Unix time in seconds.</summary>
    public HexBigInteger Timestamp { get; init; }

    /// <summary>The EIP-1559 base fee (null before London).</summary>
    public HexBigInteger? BaseFeePerGas { get; init; }

    /// <summary>The block gas limit.</summary>
    public HexBigInteger GasLimit { get; init; }

    /// <summary>Gas used by the block.</summary>
    public HexBigInteger GasUsed { get; init; }

    /// <summary>The fee recipient.</summary>
    public string? Miner { get; init; }

    /// <summary>The state root.</summary>
    public string? StateRoot { get; init; }
}
