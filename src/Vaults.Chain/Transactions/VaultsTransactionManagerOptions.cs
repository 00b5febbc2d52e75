using System.Numerics;

namespace Vaults.Chain;

/// <summary>How the transaction manager fills, prices and waits for transactions.</summary>
public sealed record VaultsTransactionManagerOptions
{
    /// <summary>Upper bound on maxFeePerGas in wei; a network asking more fails fast with <see cref="FeeCapExceededException"/>. Null: no cap.</summary>
    public BigInteger? MaxFeePerGasCap { get; init; }

    /// <summary>Estimated gas is multiplied by this (in percent) to absorb state changes between estimate and inclusion. Default 120.</summary>
    public int GasLimitPercent { get; init; } = 120;


    /// <summary>Interval between receipt polls.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for a receipt before <see cref="TransactionReceiptTimeoutException"/>.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
