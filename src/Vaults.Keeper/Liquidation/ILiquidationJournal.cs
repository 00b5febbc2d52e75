using Vaults.Chain;

namespace Vaults.Keeper.Liquidation;

/// <summary>Where a <see cref="LiquidationExecutor"/> records its transactions in flight (sent, no receipt yet).</summary>
public interface ILiquidationJournal
{
    /// <summary>
    /// <paramref name="transactionHash"/> for <paramref name="vaults"/> is signed (<paramref name="rawTransaction"/>) and about to be sent: record it
    /// durably now, so a keeper that dies before the node answers finds it at restart (and broadcasts those bytes again rather than a
    /// second liquidation). The send follows; if the node refuses it, <see cref="RecordRefusedAsync"/>.
    /// </summary>
    Task RecordSigningAsync(string transactionHash, string rawTransaction, IReadOnlyList<Address> vaults, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The node refused <paramref name="transactionHash"/> (recorded by <see cref="RecordSigningAsync"/>): it is not in flight.</summary>
    Task RecordRefusedAsync(string transactionHash, CancellationToken ct) => RecordSettledAsync(transactionHash, ct);

    /// <summary><paramref name="transactionHash"/> was accepted by the node for <paramref name="vaults"/>.</summary>
    Task RecordSentAsync(string transactionHash, IReadOnlyList<Address> vaults, CancellationToken ct);

    /// <summary><paramref name="replacementHash"/> replaces <paramref name="transactionHash"/> (same nonce, higher fees): another version of the same liquidation.</summary>
    Task RecordReplacedAsync(string transactionHash, string replacementHash, CancellationToken ct);

    /// <summary><paramref name="transactionHash"/> (any version) has a receipt (mined, succeeded or reverted): the liquidation and all its versions are no longer in flight.</summary>
    Task RecordSettledAsync(string transactionHash, CancellationToken ct);
}
