using System.Numerics;
using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>A market of the synthetic book: its id and current price in quote units.</summary>
internal sealed record SyntheticMarket(uint Id, decimal Price);

/// <summary>One oracle update of the synthetic book: the market and its new price (18 decimals).</summary>
internal sealed record PriceUpdate(uint MarketId, UInt256 Price);

/// <summary>
/// A realistic open book for the in-memory scale run: vaults spread over several markets and both sides, with liquidation
/// prices uniformly 1% to 50% away from the current price, so every vault is healthy at it (as a keeper's book is between
/// updates). Price updates move one market by 1% to 2% up or down: they cross the nearest vaults of one side, about 1% of
/// that side on average (k ≈ N / 800 with four markets).
/// </summary>
internal static class SyntheticBook
{
    /// <summary>Four markets with very different price levels (ETH, BTC, SOL, ARB-like).</summary>
    public static IReadOnlyList<SyntheticMarket> Markets { get; } =
        [new(1, 2_000m), new(2, 60_000m), new(3, 150m), new(4, 0.8m)];

    /// <summary><paramref name="count"/> markets: the four above, then more at other price levels (10 for the many-markets case).</summary>
    public static IReadOnlyList<SyntheticMarket> MarketsOf(int count) =>
        [.. Enumerable.Range(0, count).Select(i => i < Markets.Count ? Markets[i] : new SyntheticMarket((uint)i + 1, Markets[i % Markets.Count].Price * (i + 1) / 3m))];

    /// <summary><paramref name="count"/> healthy vaults over the four markets, deterministic for a given <paramref name="random"/> seed.</summary>
    public static VaultRecord[] Vaults(int count, Random random) => Vaults(count, random, Markets);

    /// <summary><paramref name="count"/> healthy vaults over <paramref name="markets"/>.</summary>
    public static VaultRecord[] Vaults(int count, Random random, IReadOnlyList<SyntheticMarket> markets)
    {
        var Markets = markets;
        var vaults = new VaultRecord[count];
        var owner = new byte[20];
        for (int i = 0; i < count; i++)
        {
            var market = Markets[random.Next(Markets.Count)];
            bool isLong = random.Next(2) == 0;
            // Uniform distance: vaults nearer than 1% were liquidated by earlier updates; few keep more than 50% of margin room.
            double distance = 0.01 + random.NextDouble() * 0.49;
            double liquidation = (double)market.Price * (isLong ? 1 - distance : 1 + distance);

            var address = new byte[20];
            random.NextBytes(address);
            random.NextBytes(owner);
            vaults[i] = new VaultRecord(new Address(address), new Address(owner), market.Id, isLong, Wad(liquidation), 1, 1);
        }
        return vaults;
    }

    /// <summary><paramref name="count"/> updates, each moving one random market by 1% to 2%, up or down, from its current price.</summary>
    public static PriceUpdate[] Updates(int count, Random random) => Updates(count, random, Markets);

    /// <summary>Updates over <paramref name="markets"/>.</summary>
    public static PriceUpdate[] Updates(int count, Random random, IReadOnlyList<SyntheticMarket> Markets) =>
    [
        .. Enumerable.Range(0, count).Select(_ =>
        {
            var market = Markets[random.Next(Markets.Count)];
            double move = (0.01 + random.NextDouble() * 0.01) * (random.Next(2) == 0 ? -1 : 1);
            return new PriceUpdate(market.Id, Wad((double)market.Price * (1 + move)));
        }),
    ];

    /// <summary>A price in quote units as an 18-decimal integer (9 significant digits are plenty for a spread).</summary>
    private static UInt256 Wad(double price) => (UInt256)(new BigInteger(Math.Round(price * 1e9)) * BigInteger.Pow(10, 9));
}
