using System.Numerics;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.PriceOracle;
using Vaults.Keeper.Scanning;

namespace Vaults.Keeper.Markets;

/// <summary>
/// Every market the keeper follows, and their feeds. At start it reads MarketConfig (<c>marketCount</c>, then each <c>market(id)</c>);
/// after that it learns new markets and new feeds from the scanner's <c>MarketParamsSet</c> events (<see cref="ApplyAsync"/>), so a market
/// created while the keeper runs is watched from that block on, without a restart and without an extra call per round. A market whose feed
/// cannot be set up (its <c>decimals()</c> fails) is left out and tried again at the next round; it never stops the others.
/// </summary>
/// <remarks>Written by the keeper loop only. <see cref="Feeds"/> is an immutable snapshot the trigger sources read from other tasks.</remarks>
internal sealed class MarketWatch(IWeb3 web3, Address marketConfig, IReadOnlyDictionary<uint, string> names, ILogger logger)
{
    private readonly Dictionary<uint, WatchedMarket> _markets = [];
    private readonly Dictionary<uint, Address> _unresolved = []; // markets whose feed could not be set up yet
    private readonly Dictionary<Address, (BigInteger Scale, string? Description)> _feeds = [];
    private volatile FeedSet _feedSet = new([], CancellationToken.None);
    private CancellationTokenSource _changed = new();

    /// <summary>The markets followed now, by id.</summary>
    public IReadOnlyCollection<WatchedMarket> Markets => _markets.Values;

    /// <summary>The market <paramref name="id"/>, if followed.</summary>
    public bool TryGet(uint id, out WatchedMarket market) => _markets.TryGetValue(id, out market!);

    /// <summary>The distinct feeds followed now, and a token cancelled when that set changes (a subscription then resubscribes).</summary>
    public FeedSet Feeds => _feedSet;

    /// <summary>Reads every market MarketConfig has. RPC failures of MarketConfig itself propagate (the start-up retries them).</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        var config = new MarketConfigService(web3, marketConfig);
        int count = await config.MarketCountQueryAsync(null, ct).ConfigureAwait(false);
        for (uint id = 0; id < count; id++)
        {
            var p = (await config.MarketQueryAsync(id, null, ct).ConfigureAwait(false)).P;
            _unresolved[id] = Address.Parse(p.Feed);
        }
        await ResolveAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Applies the scanner's <c>MarketParamsSet</c> events (a new market, a new feed), and retries markets not set up yet.</summary>
    public async Task ApplyAsync(IReadOnlyList<MarketParamsSeen> seen, CancellationToken ct)
    {
        foreach (var s in seen)
        {
            if (_markets.TryGetValue(s.MarketId, out var known) && known.Feed == s.Feed) continue;
            _unresolved[s.MarketId] = s.Feed;
        }
        if (_unresolved.Count > 0) await ResolveAsync(ct).ConfigureAwait(false);
    }

    private async Task ResolveAsync(CancellationToken ct)
    {
        bool changed = false;
        foreach (var (id, feed) in _unresolved.ToList())
        {
            if (!_feeds.TryGetValue(feed, out var info))
            {
                try
                {
                    var oracle = new PriceOracleService(web3, feed);
                    byte decimals = await oracle.DecimalsQueryAsync(null, ct).ConfigureAwait(false);
                    string? description = null;
                    try { description = await oracle.DescriptionQueryAsync(null, ct).ConfigureAwait(false); }
                    catch (Exception e) when (e is not OperationCanceledException) { /* a feed need not describe itself */ }
                    info = (BigInteger.Pow(10, 18 - Math.Min((int)decimals, 18)), description);
                    _feeds[feed] = info;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    MarketLog.FeedUnreadable(logger, id, feed.ToString(), e.Message);
                    continue;
                }
            }
            var name = names.TryGetValue(id, out var given) ? given : MarketNames.FromDescription(info.Description, id);
            var had = _markets.TryGetValue(id, out var old);
            _markets[id] = new WatchedMarket(id, name, feed, info.Scale);
            _unresolved.Remove(id);
            changed |= !had || old!.Feed != feed;
            MarketLog.Watching(logger, id, name, feed.ToString(), had ? "new feed" : "new market");
        }
        if (changed) PublishFeeds();
    }

    private void PublishFeeds()
    {
        var previous = _changed;
        _changed = new CancellationTokenSource();
        _feedSet = new FeedSet([.. _markets.Values.Select(m => m.Feed).Distinct()], _changed.Token);
        // Not disposed: a subscription may still link to its token (a feed set changes a handful of times in a keeper's life).
        previous.Cancel();
    }
}

/// <summary>The feeds followed at one moment, and a token cancelled when they change.</summary>
internal sealed record FeedSet(IReadOnlyList<Address> Feeds, CancellationToken Changed);
