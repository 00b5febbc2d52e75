using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Vaults.Keeper.Liquidation;

namespace Vaults.Keeper.Markets;

/// <summary>
/// Markets whose price the factory refused at the confirmation read, held back so the keeper does not confirm their vaults again every
/// block for nothing, while the other markets go on. A hold on a feed round's price (stale, invalid, incomplete) lasts until the feed has
/// a new round; the sequencer being down is retried every few seconds; the sequencer's grace period is retried at its end, for which the
/// keeper schedules a round (<see cref="Scheduled"/>). One log line when a market's price becomes unusable and one when it recovers.
/// </summary>
/// <remarks>Not thread-safe: the keeper loop owns it.</remarks>
internal sealed class MarketHolds(ILogger logger)
{
    /// <summary>How long a market is held while the L2 sequencer is down (its recovery changes no market feed).</summary>
    internal static readonly TimeSpan SequencerDownRetry = TimeSpan.FromSeconds(5);

    private readonly Dictionary<uint, HoldState> _holds = [];
    private readonly Dictionary<uint, string> _unusable = [];

    /// <summary>True while <paramref name="market"/> is held at the feed round <paramref name="updatedAt"/>.</summary>
    public bool IsHeld(uint market, BigInteger updatedAt)
    {
        if (!_holds.TryGetValue(market, out var hold)) return false;
        bool sameRound = hold.UpdatedAt == updatedAt || hold.RetryAt is not null;
        // An expired hold stays until the round's outcome: Usable logs the recovery, Hold renews it.
        return sameRound && (hold.RetryAt is not { } at || Stopwatch.GetTimestamp() < at);
    }

    /// <summary>The market's price could not even be read (the feed reverted, a non-positive answer): logged once per distinct error.</summary>
    public void Unusable(WatchedMarket market, string error)
    {
        if (_unusable.TryGetValue(market.Id, out var last) && last == error) return;
        _unusable[market.Id] = error;
        MarketLog.PriceUnusable(logger, market.Name, error);
    }

    /// <summary>The market's price was read and not refused this round.</summary>
    public void Usable(WatchedMarket market)
    {
        if (_unusable.Remove(market.Id) | (_holds.Remove(market.Id, out var hold) && hold.Logged)) MarketLog.PriceRecovered(logger, market.Name);
    }

    /// <summary>
    /// Holds <paramref name="market"/> after the factory refused its price at round <paramref name="updatedAt"/>. Returns the delay after
    /// which a round should run when the refusal is a suspension with a known end (the sequencer's grace period), else null.
    /// </summary>
    /// <param name="chainNow">The latest block's timestamp (unix seconds), to place the end of a grace period.</param>
    public TimeSpan? Hold(WatchedMarket market, BigInteger updatedAt, PriceRejection rejection, BigInteger chainNow)
    {
        TimeSpan? schedule = null;
        long? retryAt = null;
        switch (rejection.Decoded?.Name)
        {
            case "SequencerGracePeriodNotOver":
                // Liquidations resume once block.timestamp - upSince > gracePeriod.
                var upSince = (BigInteger)rejection.Decoded.Arguments[0].Value!;
                var grace = (BigInteger)rejection.Decoded.Arguments[1].Value!;
                var seconds = (double)BigInteger.Max(upSince + grace + 1 - chainNow, BigInteger.Zero);
                schedule = TimeSpan.FromSeconds(Math.Max(seconds, 0.25));
                break;
            case "SequencerDown":
                schedule = SequencerDownRetry;
                break;
        }
        // A little before the scheduled round, so the timer's round always finds the hold over.
        if (schedule is { } s) retryAt = Stopwatch.GetTimestamp() + (long)(Math.Max(0, s.TotalSeconds - 0.05) * Stopwatch.Frequency);
        bool logged = _holds.TryGetValue(market.Id, out var old) && old.Logged && old.Error == rejection.Error;
        if (!logged)
        {
            if (schedule is { } d && rejection.Decoded?.Name == "SequencerGracePeriodNotOver") MarketLog.SuspensionScheduled(logger, market.Name, rejection.Error, d.TotalMilliseconds);
            else MarketLog.PriceUnusable(logger, market.Name, rejection.Error);
        }
        _holds[market.Id] = new HoldState(updatedAt, retryAt, rejection.Error, Logged: true);
        return rejection.Decoded?.Name == "SequencerGracePeriodNotOver" || rejection.Decoded?.Name == "SequencerDown" ? schedule : null;
    }

    private sealed record HoldState(BigInteger UpdatedAt, long? RetryAt, string Error, bool Logged);
}
