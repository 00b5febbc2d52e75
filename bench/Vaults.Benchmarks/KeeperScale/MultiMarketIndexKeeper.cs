using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>
/// The keeper daemon's round over many markets: every market's feed read in one JSON-RPC batch (as <c>MarketPriceReader</c> does), each
/// market's crossed vaults from the index, and one <see cref="LiquidationExecutor.LiquidateGroupsAsync"/> (confirmation per market,
/// batches that may mix markets). The price passed in is ignored: the feeds are read, as the daemon reads them.
/// </summary>
internal sealed class MultiMarketIndexKeeper(VaultIndex index, Func<IReadOnlyList<DeployedMarket>> markets, IWeb3 keeper, LiquidationExecutor executor)
    : IPriceUpdateKeeper
{
    public string Name => "index, every market";

    public async Task<LiquidationRound> HandleAsync(UInt256 price, CancellationToken ct)
    {
        var all = markets();
        var answers = await EthCallBatch.QueryAsync<LatestRoundDataFunction, LatestRoundDataOutputDTO>(keeper.Client,
            [.. all.Select(m => (m.Feed.ToLowerHex(), new LatestRoundDataFunction()))], BlockParameter.CreateLatest(), null, ct);
        var groups = new List<IReadOnlyList<Address>>();
        for (int i = 0; i < all.Count; i++)
        {
            if (answers[i].Output is not { } round || round.Answer <= 0) continue;
            var crossed = index.Candidates((uint)all[i].Id, (UInt256)(round.Answer * 10_000_000_000)).Select(r => r.Vault).ToList();
            if (crossed.Count > 0) groups.Add(crossed);
        }
        return await executor.LiquidateGroupsAsync(groups, ct);
    }
}
