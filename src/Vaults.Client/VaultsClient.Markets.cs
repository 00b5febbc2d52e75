using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;

namespace Vaults.Client;

// Markets: which one a command means (--market), their parameters in people's units, and each feed's price.
public sealed partial class VaultsClient
{
    private readonly Dictionary<Address, int> _feedDecimals = [];

    /// <summary>
    /// The market <paramref name="name"/> names (its name or id); with no name, the deployment's only market. One-line errors for an
    /// unknown name and for a missing one when there are several, before anything is sent.
    /// </summary>
    public DeployedMarket Market(string? name) => ResolveMarket(Deployment, name);

    /// <inheritdoc cref="Market"/>
    public static DeployedMarket ResolveMarket(VaultsDeployment deployment, string? name)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var names = string.Join(", ", deployment.Markets.Select(m => m.Name));
        if (string.IsNullOrWhiteSpace(name))
        {
            return deployment.Markets.Count == 1 ? deployment.Markets[0]
                : throw new VaultsClientException($"This deployment has {deployment.Markets.Count} markets ({names}): say which with --market.");
        }
        return deployment.FindMarket(name) ?? throw new VaultsClientException($"Unknown market '{name.Trim()}': this deployment has {names}.");
    }

    /// <summary>
    /// The market with on-chain id <paramref name="id"/>: the deployment's entry, else (a market created outside this file) one named
    /// <c>market-{id}</c> with its feed read from MarketConfig.
    /// </summary>
    internal async Task<DeployedMarket> MarketOfAsync(ulong id, CancellationToken ct)
    {
        if (Deployment.Markets.FirstOrDefault(m => m.Id == id) is { } known) return known;
        var p = (await Guard(() => Config.MarketQueryAsync(id, cancellationToken: ct)).ConfigureAwait(false)).P;
        return new DeployedMarket(id, $"market-{id}", Address.Parse(p.Feed), 0);
    }

    /// <summary>The decimals of <paramref name="feed"/>, read once.</summary>
    internal async Task<int> FeedDecimalsAsync(Address feed, CancellationToken ct)
    {
        if (_feedDecimals.TryGetValue(feed, out var decimals)) return decimals;
        decimals = await Guard(() => new PriceOracleService(_web3, feed).DecimalsQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        return _feedDecimals[feed] = decimals;
    }

    /// <summary>The latest answer of <paramref name="market"/>'s feed.</summary>
    public async Task<PriceView> GetPriceAsync(DeployedMarket market, CancellationToken ct = default)
    {
        var oracle = new PriceOracleService(_web3, market.Feed);
        var decimals = await FeedDecimalsAsync(market.Feed, ct).ConfigureAwait(false);
        var round = await Guard(() => oracle.LatestRoundDataQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        var description = await Guard(() => oracle.DescriptionQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        return new PriceView(Amount.FromBaseUnits(round.Answer, decimals), (ulong)round.RoundId,
            DateTimeOffset.FromUnixTimeSeconds((long)round.UpdatedAt), description) { Market = market.Name };
    }

    /// <summary>Every market of the deployment, as <see cref="GetMarketAsync"/> reads it.</summary>
    public async Task<IReadOnlyList<MarketView>> ListMarketsAsync(CancellationToken ct = default)
    {
        var views = new List<MarketView>(Deployment.Markets.Count);
        foreach (var market in Deployment.Markets) views.Add(await GetMarketAsync(market, ct).ConfigureAwait(false));
        return views;
    }

    /// <summary>A market's parameters in people's units, its pause state, its open interest, and its price with the price's age.</summary>
    public async Task<MarketView> GetMarketAsync(DeployedMarket market, CancellationToken ct = default)
    {
        var config = await Guard(() => Config.MarketQueryAsync(market.Id, cancellationToken: ct)).ConfigureAwait(false);
        var p = config.P;
        var longs = await Guard(() => Factory.SideTotalsQueryAsync(market.Id, true, cancellationToken: ct)).ConfigureAwait(false);
        var shorts = await Guard(() => Factory.SideTotalsQueryAsync(market.Id, false, cancellationToken: ct)).ConfigureAwait(false);
        var price = await GetPriceAsync(market with { Feed = Address.Parse(p.Feed) }, ct).ConfigureAwait(false);
        var head = await Guard(() => Web3.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest(), ct)).ConfigureAwait(false);
        long age = (long)head!.Timestamp.Value - price.UpdatedAt.ToUnixTimeSeconds();
        return new MarketView
        {
            Name = market.Name,
            Id = market.Id,
            Feed = Address.Parse(p.Feed).ToString(),
            FeedDescription = price.Description,
            MaxLeverage = MaxOpenableLeverage(p),
            InitialMarginPercent = Percent(p.InitialMarginBps),
            TargetMarginPercent = Percent(p.TargetMarginBps),
            MaintenanceMarginPercent = [.. p.MaintenanceMarginBps.Select(b => Percent(b))],
            TierThresholds = [.. p.TierThresholds.Select(t => (decimal)t)],
            LiquidationFeePercent = Percent(p.LiquidationFeeBps),
            LiquidationPenaltyPercent = Percent(p.LiquidationPenaltyBps),
            OpenFeePercent = Percent(p.OpenFeeBps),
            CloseFeePercent = Percent(p.CloseFeeBps),
            KeeperFeeFloor = Tokens(p.KeeperFeeFloor),
            KeeperFeeCap = Tokens(p.KeeperFeeCap),
            ProfitCapMultiple = p.ProfitCapBps / 10_000m,
            MaxOpenInterest = Amount.FromBaseUnits(p.MaxOpenInterest, 18),
            LongOpenInterest = Amount.FromBaseUnits(longs.Size, 18),
            ShortOpenInterest = Amount.FromBaseUnits(shorts.Size, 18),
            MinCollateral = Tokens(p.MinCollateral),
            MinSize = Amount.FromBaseUnits(p.MinSize, 18),
            HeartbeatSeconds = p.Heartbeat,
            MaxDeviationPercent = Percent(p.MaxDeviationBps),
            Paused = config.St.Paused,
            SequencerFeed = Address.Parse(config.St.SequencerFeed) is var s && s != Address.Zero ? s.ToString() : null,
            SequencerGracePeriodSeconds = config.St.SequencerGracePeriod,
            Price = price.Price,
            PriceUpdatedAt = price.UpdatedAt,
            PriceAgeSeconds = Math.Max(0, age),
            PriceStale = age > p.Heartbeat,
        };
    }

    private static decimal Percent(BigInteger bps) => (decimal)bps / 100m;
}
