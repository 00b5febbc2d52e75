using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The result of <c>eth_feeHistory</c>.</summary>
public sealed record FeeHistory
{
    /// <summary>The first block of the range.</summary>
    public HexBigInteger OldestBlock { get; init; }

    /// <summary>Base fees per block, plus one for the block after the range.</summary>
    public HexBigInteger[] BaseFeePerGas { get; init; } = [];

    /// <summary>Gas used / gas limit per block.</summary>
    public double[] GasUsedRatio { get; init; } = [];

    /// <summary>Per block, the priority fees at the requested percentiles (null when no percentiles were asked for).</summary>
    public HexBigInteger[][]? Reward { get; init; }
}
