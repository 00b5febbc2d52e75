using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>
/// The keeper's per-update path: the candidates the new price crosses come from the in-memory <see cref="VaultIndex"/>
/// (no RPC), then the <see cref="LiquidationExecutor"/> confirms them with one <c>previewMany</c> and sends <c>liquidateBatch</c>.
/// </summary>
internal sealed class IndexKeeper(VaultIndex index, uint marketId, LiquidationExecutor executor) : IPriceUpdateKeeper
{
    public string Name => "index";

    public Task<LiquidationRound> HandleAsync(UInt256 price, CancellationToken ct) =>
        executor.LiquidateAsync([.. index.Candidates(marketId, price).Select(r => r.Vault)], ct);
}
