using Vaults.Chain;

namespace Vaults.Keeper.Liquidation;

/// <summary>Where a <see cref="LiquidationExecutor"/> records its transactions in flight (sent, no receipt yet).</summary>
public interface ILiquidationJournal
{
    /// <summary><paramref name="transactionHash"/> was accepted by the node for <paramref name="vaults"/>.</summary>
    Task RecordSentAsync(string transactionHash, IReadOnlyList<Address> vaults, CancellationToken ct);

    /// <summary><paramref name="replacementHash"/> replaces <paramref name="transactionHash"/> (same nonce, higher fees): another version of the same liquidation.</summary>
    Task RecordReplacedAsync(string transactionHash, string replacementHash, CancellationToken ct);

    /// <summary><paramref name="transactionHash"/> (any version) has a receipt (mined, succeeded or reverted): the liquidation and all its versions are no longer in flight.</summary>
    Task RecordSettledAsync(string transactionHash, CancellationToken ct);
}
