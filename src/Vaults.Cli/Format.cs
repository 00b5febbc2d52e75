using System.Globalization;

namespace Vaults.Cli;

/// <summary>Numbers for tables: grouped thousands, no lost precision where it matters (amounts), rounded where it does not (percentages).</summary>
internal static class Format
{
    public static string Price(decimal value) => value.ToString("#,0.00######", CultureInfo.InvariantCulture);
    public static string Cents(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);
    public static string Amount(decimal value) => value.ToString("#,0.######", CultureInfo.InvariantCulture);
    public static string Size(decimal value) => value.ToString("#,0.##########", CultureInfo.InvariantCulture);
    public static string Percent(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>An address for a table cell: in full, or 0x1234…abcd when <paramref name="shorten"/> (a narrow console; one word, so never broken).</summary>
    public static string Address(Vaults.Chain.Address address, bool shorten)
    {
        var text = address.ToString();
        return shorten ? $"{text[..6]}…{text[^4..]}" : text;
    }
}
