namespace Vaults.Keeper.Liquidation;

/// <summary>Settings of a <see cref="LiquidationExecutor"/>.</summary>
public sealed record LiquidationExecutorOptions
{
    /// <summary>Most vaults per <c>liquidateBatch</c> transaction (bounds the transaction's gas).</summary>
    public int MaxBatchSize { get; init; } = 50;

    /// <summary>
    /// Most vaults per <c>VaultLens.previewMany</c> call of the confirmation read: about 20,000 gas a vault, so 100 stay far below the
    /// eth_call gas caps of nodes and providers.
    /// </summary>
    public int ConfirmationChunkSize { get; init; } = 100;

    /// <summary>previewMany calls per JSON-RPC batch of the confirmation read.</summary>
    public int ConfirmationCallsPerBatch { get; init; } = 10;

    /// <summary>Interval between eth_getTransactionReceipt polls.</summary>
    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait for a sent transaction's receipt before reporting it as pending.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When set, a transaction without a receipt after this long is replaced (same nonce, fees raised), up to
    /// <see cref="MaxReplacements"/> times, instead of waiting <see cref="ReceiptTimeout"/>.
    /// </summary>
    public TimeSpan? StuckAfter { get; init; }

    /// <summary>Replacements of one stuck transaction before giving up on it.</summary>
    public int MaxReplacements { get; init; } = 3;

    /// <summary>How much a replacement raises both fees, in percent (nodes require at least 10).</summary>
    public int FeeBumpPercent { get; init; } = 20;
}
