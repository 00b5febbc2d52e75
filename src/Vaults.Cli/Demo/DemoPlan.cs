namespace Vaults.Cli.Demo;

/// <summary>One trader's position in the demo.</summary>
/// <param name="Account">The dev account that opens it.</param>
/// <param name="IsLong">Side.</param>
/// <param name="Collateral">Margin in tokens.</param>
/// <param name="Leverage">Leverage at the opening price.</param>
internal sealed record DemoPosition(int Account, bool IsLong, decimal Collateral, decimal Leverage);

/// <summary>
/// The demo's script: who provides liquidity, who trades what, and how the price falls. Longs from 2x to 9x and a few
/// shorts, so the falling price crosses some liquidation prices (the high-leverage longs) and not others (low-leverage
/// longs, every short).
/// </summary>
internal static class DemoPlan
{
    /// <summary>The market the story trades (the devnet's first).</summary>
    public const string Market = "ETH-USD";

    /// <summary>The keeper's dev account (receives the fees; trades nothing).</summary>
    public const int KeeperAccount = 9;

    /// <summary>A second LP next to the devnet's seeded one.</summary>
    public const int SecondLiquidityProvider = 8;

    /// <summary>What the second LP deposits.</summary>
    public const decimal SecondDeposit = 50_000m;

    public static IReadOnlyList<DemoPosition> Positions { get; } =
    [
        new(2, IsLong: true, Collateral: 5_000m, Leverage: 2m),
        new(2, IsLong: true, Collateral: 1_000m, Leverage: 9m),
        new(3, IsLong: true, Collateral: 4_000m, Leverage: 3m),
        new(3, IsLong: false, Collateral: 2_000m, Leverage: 4m),
        new(4, IsLong: true, Collateral: 3_000m, Leverage: 5m),
        new(4, IsLong: false, Collateral: 1_500m, Leverage: 8m),
        new(5, IsLong: true, Collateral: 2_000m, Leverage: 7m),
        new(6, IsLong: true, Collateral: 2_500m, Leverage: 8m),
        new(7, IsLong: false, Collateral: 3_000m, Leverage: 2m),
        new(8, IsLong: true, Collateral: 2_500m, Leverage: 4m),
    ];

    /// <summary>The oracle prices posted one after another (each move within the feed's 20% bound).</summary>
    public static IReadOnlyList<decimal> PricePath { get; } = [1_950m, 1_900m, 1_850m, 1_800m, 1_750m, 1_700m, 1_620m];
}
