namespace Vaults.Cli.Demo;

/// <summary>One trader's position in the demo.</summary>
/// <param name="Account">The dev account that opens it.</param>
/// <param name="IsLong">Side.</param>
/// <param name="Collateral">Margin in tokens.</param>
/// <param name="Leverage">Leverage at the opening price.</param>
/// <param name="Market">The market (ETH-USD or BTC-USD).</param>
internal sealed record DemoPosition(int Account, bool IsLong, decimal Collateral, decimal Leverage, string Market = DemoPlan.Eth);

/// <summary>
/// The demo's script: who provides liquidity, who trades what, and how the two prices fall. In ETH-USD longs from 2x to 9x and a
/// few shorts; in BTC-USD (below 5x with the fees, maintenance from 5%) longs from 3x to 4.9x and a short. ETH falls 19%, BTC 17%, so each path
/// crosses some liquidation prices (the high-leverage longs) and not others (low-leverage longs, every short).
/// </summary>
internal static class DemoPlan
{
    /// <summary>The devnet's two markets.</summary>
    public const string Eth = "ETH-USD", Btc = "BTC-USD";

    /// <summary>The markets the story trades, in order.</summary>
    public static IReadOnlyList<string> Markets { get; } = [Eth, Btc];

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
        new(5, IsLong: true, Collateral: 1_000m, Leverage: 4.9m, Btc),
        new(6, IsLong: true, Collateral: 3_000m, Leverage: 4.8m, Btc),
        new(7, IsLong: true, Collateral: 2_000m, Leverage: 3m, Btc),
        new(2, IsLong: false, Collateral: 1_500m, Leverage: 4m, Btc),
        new(8, IsLong: true, Collateral: 1_200m, Leverage: 4m, Btc),
    ];

    /// <summary>Each market's prices, posted step by step (the two markets' i-th prices in one step; each move within the feeds' 20% bound).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<decimal>> PricePaths { get; } = new Dictionary<string, IReadOnlyList<decimal>>
    {
        [Eth] = [1_950m, 1_900m, 1_850m, 1_800m, 1_750m, 1_700m, 1_620m],
        [Btc] = [59_000m, 58_000m, 56_500m, 55_000m, 53_500m, 52_000m, 50_000m],
    };
}
