namespace Vaults.Client;

/// <summary>One market as a person reads it: every parameter in people's units, its state, and its price now.</summary>
public sealed record MarketView
{
    /// <summary>The name people use (<c>ETH-USD</c>).</summary>
    public required string Name { get; init; }
    /// <summary>MarketConfig's id.</summary>
    public required ulong Id { get; init; }
    /// <summary>The price feed.</summary>
    public required string Feed { get; init; }
    /// <summary>The feed's own description ("ETH / USD").</summary>
    public required string FeedDescription { get; init; }
    /// <summary>The most leverage a vault can open: 1 / (initial margin + close fee), rounded down to a hundredth.</summary>
    public required decimal MaxLeverage { get; init; }
    /// <summary>Initial margin, percent.</summary>
    public required decimal InitialMarginPercent { get; init; }
    /// <summary>The ratio a partial liquidation restores, percent.</summary>
    public required decimal TargetMarginPercent { get; init; }
    /// <summary>Maintenance margin per tier, percent, smallest positions first.</summary>
    public required IReadOnlyList<decimal> MaintenanceMarginPercent { get; init; }
    /// <summary>Entry notional (quote units) where each next tier starts.</summary>
    public required IReadOnlyList<decimal> TierThresholds { get; init; }
    /// <summary>Keeper fee, percent of the closed notional.</summary>
    public required decimal LiquidationFeePercent { get; init; }
    /// <summary>Penalty to the insurance fund, percent of the closed notional.</summary>
    public required decimal LiquidationPenaltyPercent { get; init; }
    /// <summary>Fee on opened notional, percent.</summary>
    public required decimal OpenFeePercent { get; init; }
    /// <summary>Fee on closed notional, percent.</summary>
    public required decimal CloseFeePercent { get; init; }
    /// <summary>Smallest keeper fee, tokens.</summary>
    public required decimal KeeperFeeFloor { get; init; }
    /// <summary>Largest keeper fee, tokens.</summary>
    public required decimal KeeperFeeCap { get; init; }
    /// <summary>Most a position can win, as a multiple of its collateral (and never more than its entry notional).</summary>
    public required decimal ProfitCapMultiple { get; init; }
    /// <summary>Open interest cap per side, base units.</summary>
    public required decimal MaxOpenInterest { get; init; }
    /// <summary>Open interest of the longs now, base units.</summary>
    public required decimal LongOpenInterest { get; init; }
    /// <summary>Open interest of the shorts now, base units.</summary>
    public required decimal ShortOpenInterest { get; init; }
    /// <summary>Smallest collateral of a vault, tokens.</summary>
    public required decimal MinCollateral { get; init; }
    /// <summary>Smallest position, base units.</summary>
    public required decimal MinSize { get; init; }
    /// <summary>Older feed answers are stale, seconds.</summary>
    public required uint HeartbeatSeconds { get; init; }
    /// <summary>Circuit breaker: the largest move (against the round a minute before) opening still accepts, percent.</summary>
    public required decimal MaxDeviationPercent { get; init; }
    /// <summary>Opening and increasing paused by the guardian.</summary>
    public required bool Paused { get; init; }
    /// <summary>The L2 sequencer feed, when one is set (chain-wide).</summary>
    public required string? SequencerFeed { get; init; }
    /// <summary>The sequencer's grace period after it comes back, seconds.</summary>
    public required uint SequencerGracePeriodSeconds { get; init; }
    /// <summary>The latest answer, quote units.</summary>
    public required decimal Price { get; init; }
    /// <summary>When the latest answer was written.</summary>
    public required DateTimeOffset PriceUpdatedAt { get; init; }
    /// <summary>Seconds from the answer to the latest block.</summary>
    public required long PriceAgeSeconds { get; init; }
    /// <summary>True when the answer is older than the heartbeat (every flow that needs a price stops).</summary>
    public required bool PriceStale { get; init; }
}
