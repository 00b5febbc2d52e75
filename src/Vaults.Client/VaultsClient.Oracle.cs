using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.PriceOracle.ContractDefinition;

namespace Vaults.Client;

// Whether the market can use the oracle's price, and whether a price about to be posted would trip the market's circuit
// breaker: the same checks as OracleLib (heartbeat; deviation from the reference round at least a minute older, walking
// back at most four rounds), so a typo is caught before it stops opening, increasing and removing margin.
public sealed partial class VaultsClient
{
    /// <summary>OracleLib.DEVIATION_WINDOW: the breaker's reference round is at least this much older than the latest.</summary>
    private const long DeviationWindowSeconds = 60;

    /// <summary>OracleLib.MAX_ROUNDS_BACK.</summary>
    private const int MaxRoundsBack = 4;

    /// <summary>
    /// The latest price with whether the market can use it now (<see cref="PriceView.Usable"/>) and, when not, why
    /// (<see cref="PriceView.Problem"/>: stale, circuit breaker tripped, broken answer), read through the lens's
    /// <c>guardedPrice</c>, the check opening a vault passes.
    /// </summary>
    public async Task<PriceView> GetPriceStatusAsync(DeployedMarket target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var price = await GetPriceAsync(target, ct).ConfigureAwait(false);
        var market = await MarketAsync(target, ct).ConfigureAwait(false);
        var now = await LatestBlockTimeAsync(ct).ConfigureAwait(false);
        string? problem = null;
        try
        {
            await Lens.GuardedPriceQueryAsync(target.Id, null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.TryDescribe(e, TokenDecimals, out var message))
        {
            problem = message;
        }
        return price with
        {
            Usable = problem is null,
            Problem = problem,
            AgeSeconds = Math.Max(0, now - price.UpdatedAt.ToUnixTimeSeconds()),
            HeartbeatSeconds = market.Heartbeat,
            MaxDeviationPercent = market.MaxDeviationBps / 100m,
        };
    }

    /// <summary>
    /// Why the market would refuse <paramref name="price"/> if it were posted now (it moves more than the market's
    /// <c>maxDeviationBps</c> from the circuit breaker's reference round), or null when it would be accepted.
    /// </summary>
    public async Task<string?> CheckNewPriceAsync(decimal price, DeployedMarket target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var decimals = await FeedDecimalsAsync(target.Feed, ct).ConfigureAwait(false);
        var answer = Amount.ToBaseUnits(price, decimals, "--price");
        var market = await MarketAsync(target, ct).ConfigureAwait(false);
        if (market.MaxDeviationBps == 0) return null;
        var oracle = new PriceOracleService(Web3, target.Feed);
        var latest = await Guard(() => oracle.LatestRoundDataQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        // The new round is the next id, stamped with the next block's time (at least the latest block's plus one second).
        var newId = latest.RoundId + 1;
        var postedAt = await LatestBlockTimeAsync(ct).ConfigureAwait(false) + 1;
        BigInteger reference = 0;
        long referenceAt = 0;
        for (int k = 0; k < MaxRoundsBack && newId > k + 1; k++)
        {
            var round = await RoundAsync(oracle, newId - k - 1, ct).ConfigureAwait(false);
            if (round is null || round.Answer <= 0 || round.UpdatedAt == 0) break;
            reference = round.Answer;
            referenceAt = (long)round.UpdatedAt;
            if (referenceAt + DeviationWindowSeconds <= postedAt) break;
        }
        if (reference == 0) return null;
        var diff = BigInteger.Abs(answer - reference);
        if (diff * 10_000 <= reference * market.MaxDeviationBps) return null;
        var referencePrice = Amount.FromBaseUnits(reference, decimals);
        var move = decimal.Round((price - referencePrice) / referencePrice * 100m, 2);
        return $"--price {Amount.Display(price)} is {(move > 0 ? "+" : "")}{Amount.Display(move)}% from {Amount.Display(referencePrice)} (posted {Amount.Age(postedAt - referenceAt)} earlier, the circuit breaker's reference), " +
               $"beyond {target.Name}'s {market.MaxDeviationBps / 100m}% bound: opening, increasing and removing margin would be refused until a price within it is posted a minute later. " +
               "Check the number, or pass --force to post it anyway.";
    }

    /// <summary>The latest block's timestamp (Unix seconds): the chain's "now".</summary>
    private async Task<long> LatestBlockTimeAsync(CancellationToken ct) =>
        (long)(await Guard(() => Web3.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest(), ct)).ConfigureAwait(false))!.Timestamp.Value;

    /// <summary>A round of a market's oracle, or null when it has none with that id.</summary>
    private async Task<GetRoundDataOutputDTO?> RoundAsync(PriceOracleService oracle, BigInteger id, CancellationToken ct)
    {
        try
        {
            return await oracle.GetRoundDataQueryAsync(id, null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.TryDescribe(e, TokenDecimals, out _))
        {
            return null;
        }
    }
}
