using Vaults.Ethereum.Util;

namespace Vaults.Keeper.Liquidation;

/// <summary>Where a <see cref="LiquidationExecutor"/> records its transactions in flight (sent, no receipt yet).</summary>
public interface ILiquidationJournal
{
    /// <summary><paramref name="transactionHash"/> was accepted by the node for <paramref name="vaults"/>.</summary>
    Task RecordSentAsync(string transactionHash, IReadOnlyList<Address> vaults, CancellationToken ct);

    /// <summary><paramref name="transactionHash"/> has a receipt (mined, succeeded or reverted): no longer in flight.</summary>
    Task RecordSettledAsync(string transactionHash, CancellationToken ct);
}
