using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Markets;

/// <summary>One market's latest feed answer, or why it has none.</summary>
/// <param name="Market">The market.</param>
/// <param name="Price">The answer with 18 decimals; null when it cannot be used (see <paramref name="Error"/>).</param>
/// <param name="UpdatedAt">The round's <c>updatedAt</c> (unix seconds; 0 when unread).</param>
/// <param name="Error">Why there is no price (the feed reverted, answered nothing, or a non-positive answer); null when there is one.</param>
internal sealed record MarketPrice(WatchedMarket Market, UInt256? Price, BigInteger UpdatedAt, string? Error);

/// <summary>
/// Every market's <c>latestRoundData</c> in one JSON-RPC batch (one request per round however many markets), each answer on its own: a feed
/// that reverts or answers nonsense fails its market only. Staleness is not judged here: the factory's checks (the confirmation read) do it,
/// with the market's own heartbeat.
/// </summary>
internal sealed class MarketPriceReader(IWeb3 web3)
{
    /// <summary>The prices of <paramref name="markets"/>, in order. A transport failure of the whole batch throws (the round is retried).</summary>
    public async Task<IReadOnlyList<MarketPrice>> ReadAsync(IReadOnlyList<WatchedMarket> markets, CancellationToken ct)
    {
        var results = await EthCallBatch.QueryAsync<LatestRoundDataFunction, LatestRoundDataOutputDTO>(web3.Client,
            [.. markets.Select(m => (m.Feed.ToLowerHex(), new LatestRoundDataFunction()))], BlockParameter.CreateLatest(), null, ct).ConfigureAwait(false);
        var prices = new List<MarketPrice>(markets.Count);
        for (int i = 0; i < markets.Count; i++)
        {
            var (output, error) = (results[i].Output, results[i].Error);
            if (error is not null || output is null)
                prices.Add(new MarketPrice(markets[i], null, 0, $"latestRoundData failed: {error?.Message ?? "no answer"}"));
            else if (output.Answer <= 0)
                prices.Add(new MarketPrice(markets[i], null, output.UpdatedAt, $"the feed answers {output.Answer}"));
            else
                prices.Add(new MarketPrice(markets[i], (UInt256)(output.Answer * markets[i].PriceScale), output.UpdatedAt, null));
        }
        return prices;
    }
}
