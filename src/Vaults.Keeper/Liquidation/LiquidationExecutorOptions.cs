namespace Vaults.Keeper.Liquidation;

/// <summary>Settings of a <see cref="LiquidationExecutor"/>.</summary>
public sealed record LiquidationExecutorOptions
{
    /// <summary>Most vaults per <c>liquidateBatch</c> transaction (bounds the transaction's gas).</summary>
    public int MaxBatchSize { get; init; } = 50;

    /// <summary>Interval between eth_getTransactionReceipt polls.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for a sent transaction's receipt before reporting it as pending.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
