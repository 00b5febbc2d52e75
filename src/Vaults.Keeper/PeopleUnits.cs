using System.Globalization;
using System.Numerics;
using Vaults.Contracts.Deployment;

namespace Vaults.Keeper;

/// <summary>Amounts and prices in the keeper's log as people read them: "69.937 tUSDC", "1,830.00", never 69937000 or 1830000000000000000000.</summary>
internal static class PeopleUnits
{
    /// <summary>An 18-decimal price to the cent.</summary>
    public static string Price(BigInteger wad) =>
        decimal.Round(decimal.Parse(Units.Format(wad, 18), CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>Token units in tokens with the symbol, or in base units (said) when the decimals are not known.</summary>
    public static string Tokens(BigInteger units, int? decimals, string symbol) =>
        decimals is { } d
            ? $"{decimal.Parse(Units.Format(units, d), CultureInfo.InvariantCulture).ToString("#,0.##################", CultureInfo.InvariantCulture)} {symbol}"
            : $"{units} base units";
}
