namespace Vaults.Keeper.Liquidation;

/// <summary>Settings of a <see cref="LiquidationExecutor"/>.</summary>
public sealed record LiquidationExecutorOptions
{
    /// <summary>Most vaults per <c>liquidateBatch</c> transaction; the batch is also sized by gas (<see cref="MaxBatchGas"/>).</summary>
    public int MaxBatchSize { get; init; } = 300;

    /// <summary>The settlement token's decimals, for the log's amounts in tokens; null: amounts are logged in base units, and say so.</summary>
    public int? TokenDecimals { get; init; }

    /// <summary>The settlement token's symbol, for the log.</summary>
    public string TokenSymbol { get; init; } = "tokens";

    /// <summary>
    /// Gas one <c>liquidateBatch</c> may use: a batch holds <c>(MaxBatchGas - BatchGasOverhead) / GasPerVault</c> vaults at most (317 by
    /// default), so it stays under EIP-7825's per-transaction cap of 2^24 and inside a block (30,000,000 gas on mainnet and the devnet),
    /// and a crash's few hundred crossed vaults go in one transaction rather than in many blocks.
    /// </summary>
    public long MaxBatchGas { get; init; } = 16_000_000;

    /// <summary>
    /// Gas budgeted per vault of a batch (measured: 39,800 to 42,300 a vault in batches of 10 and 300; the first vault's cold reads
    /// are in <see cref="BatchGasOverhead"/>). The transaction's gas limit is this times the vaults plus the overhead; the simulation
    /// runs at that limit, so a batch that would run out is never sent.
    /// </summary>
    public long GasPerVault { get; init; } = 50_000;

    /// <summary>Gas a batch needs beyond its vaults: the transaction, the market's first (cold) reads, the batch event.</summary>
    public long BatchGasOverhead { get; init; } = 150_000;

    /// <summary>Vaults per <c>liquidateBatch</c>: <see cref="MaxBatchSize"/>, or fewer when <see cref="MaxBatchGas"/> says so.</summary>
    public int BatchSize => (int)Math.Max(1, Math.Min(MaxBatchSize, (MaxBatchGas - BatchGasOverhead) / Math.Max(1, GasPerVault)));

    /// <summary>The gas limit of a batch of <paramref name="vaults"/> vaults.</summary>
    public long GasLimitFor(int vaults) => BatchGasOverhead + vaults * GasPerVault;

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
