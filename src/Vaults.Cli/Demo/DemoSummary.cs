using Vaults.Chain;

namespace Vaults.Cli.Demo;

/// <summary>A demo vault as opened: its liquidation price then decides whether the price path crossed it.</summary>
internal sealed record DemoVault(Address Address, int Account, bool IsLong, decimal Leverage, decimal LiquidationPrice);

/// <summary>
/// The demo's verdict. "Crossed" is computed from each vault's liquidation price at opening and the lowest and highest
/// prices reached (a long crosses when the price falls to or below it, a short when it rises to or above it); "liquidated"
/// is every vault with a VaultLiquidated event on chain. The demo succeeds when the two sets are equal.
/// </summary>
internal sealed record DemoSummary(
    IReadOnlyList<DemoVault> Vaults, decimal LowestPrice, decimal HighestPrice,
    IReadOnlySet<Address> Crossed, IReadOnlySet<Address> Liquidated, double Seconds)
{
    public static DemoSummary Create(IReadOnlyList<DemoVault> vaults, decimal lowest, decimal highest, IEnumerable<Address> liquidated, double seconds)
    {
        var crossed = vaults.Where(v => v.IsLong ? lowest <= v.LiquidationPrice : highest >= v.LiquidationPrice).Select(v => v.Address).ToHashSet();
        return new DemoSummary(vaults, lowest, highest, crossed, liquidated.ToHashSet(), seconds);
    }

    /// <summary>Crossed but not liquidated: the keeper missed them.</summary>
    public IReadOnlyList<Address> Missed => [.. Crossed.Where(v => !Liquidated.Contains(v))];

    /// <summary>Liquidated without crossing: should be impossible.</summary>
    public IReadOnlyList<Address> Unexpected => [.. Liquidated.Where(v => !Crossed.Contains(v))];

    public bool Exact => Missed.Count == 0 && Unexpected.Count == 0;

    /// <summary>The closing line (the CI test reads it).</summary>
    public string Verdict => Exact
        ? $"All {Crossed.Count} vaults that crossed their liquidation price were liquidated, and no other ({Vaults.Count - Crossed.Count} untouched)."
        : $"MISMATCH: {Missed.Count} crossed vaults not liquidated ({string.Join(", ", Missed)}), {Unexpected.Count} liquidated without crossing ({string.Join(", ", Unexpected)}).";
}
