using System.Numerics;
using Vaults.Chain;

namespace Vaults.Keeper.Liquidation;

/// <summary>How a liquidation round (or one of its transactions) ended.</summary>
public enum LiquidationOutcome
{
    /// <summary>No candidate was liquidatable at the confirmation read: nothing sent.</summary>
    NothingToDo,

    /// <summary>The transactions were mined; see <see cref="LiquidationRound.Liquidated"/> and <see cref="LiquidationRound.Skipped"/>.</summary>
    Mined,

    /// <summary>The oracle price was rejected (stale, out of range, deviation, sequencer): nothing (more) sent.</summary>
    PriceRejected,

    /// <summary>The simulation reverted for another reason, or a mined transaction reverted.</summary>
    Reverted,

    /// <summary>
    /// Another keeper liquidated every vault of the batch first: <c>liquidateBatch</c> reverted with <c>NothingLiquidated</c> at the
    /// simulation (nothing sent), or the mined transaction reverted and none of its vaults is liquidatable any more. The vaults count as
    /// done (<see cref="LiquidationRound.Skipped"/>).
    /// </summary>
    LostRace,

    /// <summary>A JSON-RPC failure (transport, node error, fee cap, receipt timeout).</summary>
    RpcError,
}

/// <summary>A vault this keeper liquidated, from its <c>VaultLiquidated</c> event.</summary>
/// <param name="Vault">The vault.</param>
/// <param name="Full">True for a full liquidation, false for a partial one.</param>
/// <param name="KeeperFee">Keeper fee paid to this keeper, token units.</param>
/// <param name="BadDebt">Loss beyond the collateral, token units.</param>
/// <param name="Price">Oracle price used, 18 decimals.</param>
/// <param name="TransactionHash">The transaction that liquidated it.</param>
public sealed record LiquidatedVault(Address Vault, bool Full, BigInteger KeeperFee, BigInteger BadDebt, BigInteger Price, string TransactionHash)
{
    /// <summary>When this keeper got the receipt (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for per-vault latency.</summary>
    public long ReceiptAt { get; init; }
}

/// <summary>A confirmation chunk refused for its price (stale, invalid, the sequencer's grace period): its vaults were not sent.</summary>
/// <param name="Vaults">The chunk's vaults (one market's, when the executor was given groups by market).</param>
/// <param name="Error">The decoded error as one line.</param>
/// <param name="Decoded">The error by name with its arguments (e.g. <c>SequencerGracePeriodNotOver(upSince, gracePeriod)</c>).</param>
public sealed record PriceRejection(IReadOnlyList<Address> Vaults, string Error, DecodedCustomError? Decoded);

/// <summary>One <c>liquidateBatch</c> attempt (sent or refused by the simulation).</summary>
/// <param name="Vaults">The vaults of the chunk, in the order sent.</param>
/// <param name="Outcome"><see cref="LiquidationOutcome.Mined"/>, or why the chunk failed.</param>
/// <param name="TransactionHash">The transaction hash; null when nothing was sent.</param>
/// <param name="BlockNumber">The block it was mined in; null when not mined.</param>
/// <param name="GasUsed">Gas used; null when not mined.</param>
/// <param name="Error">Why it failed (the decoded revert or RPC error); null on success.</param>
public sealed record LiquidationBatch(
    IReadOnlyList<Address> Vaults,
    LiquidationOutcome Outcome,
    string? TransactionHash,
    ulong? BlockNumber,
    BigInteger? GasUsed,
    string? Error);

/// <summary>The result of <see cref="LiquidationExecutor.LiquidateAsync"/>.</summary>
public sealed record LiquidationRound
{
    /// <summary>The distinct candidates given.</summary>
    public required IReadOnlyList<Address> Candidates { get; init; }

    /// <summary>The candidates the confirmation read (chunked <c>previewMany</c>) found liquidatable.</summary>
    public required IReadOnlyList<Address> Confirmed { get; init; }

    /// <summary>The transactions, one per chunk of at most <see cref="LiquidationExecutorOptions.BatchSize"/> vaults.</summary>
    public required IReadOnlyList<LiquidationBatch> Batches { get; init; }

    /// <summary>Vaults this keeper liquidated (decoded from the receipts' <c>VaultLiquidated</c> events).</summary>
    public required IReadOnlyList<LiquidatedVault> Liquidated { get; init; }

    /// <summary>
    /// Vaults sent in a mined transaction that <c>liquidateBatch</c> skipped, or of a batch lost to another keeper
    /// (<see cref="LiquidationOutcome.LostRace"/>): already liquidated (typically by another keeper in between), closed, or no longer
    /// liquidatable. They count as done.
    /// </summary>
    public required IReadOnlyList<Address> Skipped { get; init; }

    /// <summary>
    /// The first failure's outcome (a confirmation chunk, then the batches); <see cref="LiquidationOutcome.Mined"/> only if nothing failed
    /// and every batch was mined, <see cref="LiquidationOutcome.NothingToDo"/> if nothing failed and nothing was liquidatable.
    /// </summary>
    public required LiquidationOutcome Outcome { get; init; }

    /// <summary>The confirmation chunks refused for their price, with the decoded reason (none when every price was usable).</summary>
    public IReadOnlyList<PriceRejection> PriceRejections { get; init; } = [];

    /// <summary>Why the round failed (the first error); null on success.</summary>
    public string? Error { get; init; }

    /// <summary>Sum of the keeper fees of <see cref="Liquidated"/>, token units.</summary>
    public BigInteger TotalKeeperFee => Liquidated.Aggregate(BigInteger.Zero, (sum, v) => sum + v.KeeperFee);

    /// <summary>True when nothing failed (nothing to do, every batch mined, or other keepers were first).</summary>
    public bool Succeeded => Outcome is LiquidationOutcome.NothingToDo or LiquidationOutcome.Mined or LiquidationOutcome.LostRace;
}
