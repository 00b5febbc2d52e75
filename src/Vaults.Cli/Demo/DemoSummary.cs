using Vaults.Chain;

namespace Vaults.Cli.Demo;

/// <summary>A demo vault as opened: its liquidation price then decides whether the price path crossed it.</summary>
internal sealed record DemoVault(Address Address, int Account, bool IsLong, decimal Leverage, decimal LiquidationPrice, string Market = "ETH-USD");

/// <summary>
/// The demo's verdict. "Crossed" is computed from each vault's liquidation price at opening and the lowest and highest
/// prices its market reached (a long crosses when the price falls to or below it, a short when it rises to or above it); "liquidated"
/// is every vault with a VaultLiquidated event on chain. The demo succeeds when the two sets are equal, in each market and in all.
/// </summary>
internal sealed record DemoSummary(
    IReadOnlyList<DemoVault> Vaults, IReadOnlyDictionary<string, (decimal Lowest, decimal Highest)> Prices,
    IReadOnlySet<Address> Crossed, IReadOnlySet<Address> Liquidated, double Seconds)
{
    public static DemoSummary Create(IReadOnlyList<DemoVault> vaults, IReadOnlyDictionary<string, (decimal Lowest, decimal Highest)> prices,
        IEnumerable<Address> liquidated, double seconds)
    {
        var crossed = vaults.Where(v => v.IsLong ? prices[v.Market].Lowest <= v.LiquidationPrice : prices[v.Market].Highest >= v.LiquidationPrice)
            .Select(v => v.Address).ToHashSet();
        return new DemoSummary(vaults, prices, crossed, liquidated.ToHashSet(), seconds);
    }

    /// <summary>The markets, in the order of the plan.</summary>
    public IReadOnlyList<string> Markets => [.. Vaults.Select(v => v.Market).Distinct()];

    /// <summary>The lowest price of the first market (ETH-USD).</summary>
    public decimal LowestPrice => Prices[Markets[0]].Lowest;

    /// <summary>One market's verdict: its vaults, crossed and liquidated.</summary>
    public (int Vaults, int Crossed, int Liquidated, bool Exact) In(string market)
    {
        var mine = Vaults.Where(v => v.Market == market).Select(v => v.Address).ToHashSet();
        var crossed = Crossed.Count(mine.Contains);
        var liquidated = Liquidated.Count(mine.Contains);
        return (mine.Count, crossed, liquidated, mine.All(v => Crossed.Contains(v) == Liquidated.Contains(v)));
    }

    /// <summary>Per market: "ETH-USD: 4 of 10 crossed, 4 liquidated" and whether it holds.</summary>
    public IReadOnlyList<string> MarketVerdicts =>
    [
        .. Markets.Select(m => In(m) is var r
            ? $"{m}: {r.Crossed} of {r.Vaults} crossed (lowest {Prices[m].Lowest:0.##}), {r.Liquidated} liquidated{(r.Exact ? "" : " MISMATCH")}"
            : ""),
    ];

    /// <summary>Crossed but not liquidated: the keeper missed them.</summary>
    public IReadOnlyList<Address> Missed => [.. Crossed.Where(v => !Liquidated.Contains(v))];

    /// <summary>Liquidated without crossing: should be impossible.</summary>
    public IReadOnlyList<Address> Unexpected => [.. Liquidated.Where(v => !Crossed.Contains(v))];

    public bool Exact => Missed.Count == 0 && Unexpected.Count == 0;

    /// <summary>The closing line (the CI test reads it).</summary>
    public string Verdict => Exact
        ? $"All {Crossed.Count} vaults that crossed their liquidation price in {string.Join(" and ", Markets)} were liquidated, and no other ({Vaults.Count - Crossed.Count} untouched)."
        : $"MISMATCH: {Missed.Count} crossed vaults not liquidated ({string.Join(", ", Missed)}), {Unexpected.Count} liquidated without crossing ({string.Join(", ", Unexpected)}).";
}
