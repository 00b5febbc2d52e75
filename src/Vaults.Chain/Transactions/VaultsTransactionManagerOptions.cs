using System.Numerics;

namespace Vaults.Chain;

/// <summary>Which Nethereum strategy suggests EIP-1559 fees (see <see cref="VaultsTransactionManagerOptions.FeeSuggestion"/>).</summary>
public enum FeeSuggestion
{
    /// <summary>Nethereum's default, from <c>eth_feeHistory</c> (a varying number of calls).</summary>
    FeeHistory,

    /// <summary>From the latest block's base fee: one <c>eth_getBlockByNumber</c>.</summary>
    LatestBlock,
}

/// <summary>How the transaction manager fills, prices and waits for transactions.</summary>
public sealed record VaultsTransactionManagerOptions
{
    /// <summary>Upper bound on maxFeePerGas in wei; a network asking more fails fast with <see cref="FeeCapExceededException"/>. Null: no cap.</summary>
    public BigInteger? MaxFeePerGasCap { get; init; }

    /// <summary>Estimated gas is multiplied by this (in percent) to absorb state changes between estimate and inclusion. Default 120.</summary>
    public int GasLimitPercent { get; init; } = 120;

    /// <summary>
    /// How missing EIP-1559 fees are suggested. <see cref="FeeSuggestion.FeeHistory"/> (the default) is Nethereum's
    /// <c>TimePreferenceFeeSuggestionStrategy</c>, whose number of <c>eth_feeHistory</c> calls varies with the history the node returns;
    /// <see cref="FeeSuggestion.LatestBlock"/> is Nethereum's <c>SimpleFeeSuggestionStrategy</c>: one <c>eth_getBlockByNumber</c> per send,
    /// maxFeePerGas = 2 x base fee + tip (what ethers v6 sends), so a keeper's calls per send are fixed.
    /// </summary>
    public FeeSuggestion FeeSuggestion { get; init; } = FeeSuggestion.FeeHistory;

    /// <summary>Interval between receipt polls.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for a receipt before <see cref="TransactionReceiptTimeoutException"/>.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
