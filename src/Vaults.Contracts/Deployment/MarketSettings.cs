using System.Numerics;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Chain;

namespace Vaults.Contracts.Deployment;

/// <summary>
/// Market parameters in the units people think in, with the devnet's defaults: up to 10x leverage,
/// maintenance 3% to 6% by entry notional, keeper fee 1% (5 to 1,000 tokens), penalty 1%, fees 0.1%,
/// profit capped at 5x collateral, one-hour heartbeat, 20% maximum move per update.
/// </summary>
public sealed record MarketSettings
{
    /// <summary>Price feed heartbeat: older answers are stale.</summary>
    public uint HeartbeatSeconds { get; init; } = 3600;
    /// <summary>Circuit breaker: the largest move, against the round a minute before, at which opening, increasing and
    /// removing margin still go through (liquidations, closes and decreases always settle at the new price).</summary>
    public ushort MaxDeviationBps { get; init; } = 2000;
    /// <summary>Initial margin (1000 = 10% = 10x).</summary>
    public ushort InitialMarginBps { get; init; } = 1000;
    /// <summary>Ratio a partial liquidation restores.</summary>
    public ushort TargetMarginBps { get; init; } = 700;
    /// <summary>Keeper fee as a share of the closed notional.</summary>
    public ushort LiquidationFeeBps { get; init; } = 100;
    /// <summary>Penalty to the insurance fund as a share of the closed notional.</summary>
    public ushort LiquidationPenaltyBps { get; init; } = 100;
    /// <summary>Fee on opened notional, to the pool.</summary>
    public ushort OpenFeeBps { get; init; } = 10;
    /// <summary>Fee on closed notional, to the pool.</summary>
    public ushort CloseFeeBps { get; init; } = 10;
    /// <summary>Most a position can win, as a multiple of its collateral in whole percents (50000 = 5x), and never more
    /// than its entry notional; reserved in the pool.</summary>
    public uint ProfitCapBps { get; init; } = 50_000;
    /// <summary>Maintenance margin per tier, smallest positions first.</summary>
    public IReadOnlyList<ushort> MaintenanceMarginBps { get; init; } = [300, 400, 500, 600];
    /// <summary>Entry notional (whole quote units) where each next tier starts.</summary>
    public IReadOnlyList<ulong> TierThresholds { get; init; } = [100_000, 1_000_000, 10_000_000];
    /// <summary>Smallest keeper fee, in whole tokens.</summary>
    public decimal KeeperFeeFloor { get; init; } = 5;
    /// <summary>Largest keeper fee, in whole tokens.</summary>
    public decimal KeeperFeeCap { get; init; } = 1_000;
    /// <summary>Open interest cap per side, in base units (e.g. ETH).</summary>
    public decimal MaxOpenInterest { get; init; } = 10_000;
    /// <summary>Smallest collateral of a vault, in whole tokens.</summary>
    public decimal MinCollateral { get; init; } = 10;
    /// <summary>Smallest position, in base units.</summary>
    public decimal MinSize { get; init; } = 0.001m;

    /// <summary>The on-chain struct for a feed and a token with <paramref name="tokenDecimals"/> decimals.</summary>
    public MarketParams ToMarketParams(Address feed, int tokenDecimals) => new()
    {
        Feed = feed,
        Heartbeat = HeartbeatSeconds,
        MaxDeviationBps = MaxDeviationBps,
        InitialMarginBps = InitialMarginBps,
        TargetMarginBps = TargetMarginBps,
        LiquidationFeeBps = LiquidationFeeBps,
        LiquidationPenaltyBps = LiquidationPenaltyBps,
        OpenFeeBps = OpenFeeBps,
        CloseFeeBps = CloseFeeBps,
        ProfitCapBps = ProfitCapBps,
        MaintenanceMarginBps = [.. MaintenanceMarginBps],
        TierThresholds = [.. TierThresholds],
        KeeperFeeFloor = Units.ToBaseUnits(KeeperFeeFloor, tokenDecimals),
        KeeperFeeCap = Units.ToBaseUnits(KeeperFeeCap, tokenDecimals),
        MaxOpenInterest = Units.ToBaseUnits(MaxOpenInterest, 18),
        MinCollateral = Units.ToBaseUnits(MinCollateral, tokenDecimals),
        MinSize = Units.ToBaseUnits(MinSize, 18),
    };
}
