using System.Globalization;

namespace Vaults.Cli;

/// <summary>Numbers for tables: grouped thousands, no lost precision where it matters (amounts), rounded where it does not (percentages).</summary>
internal static class Format
{
    public static string Price(decimal value) => value.ToString("#,0.00######", CultureInfo.InvariantCulture);
    public static string Amount(decimal value) => value.ToString("#,0.######", CultureInfo.InvariantCulture);
    public static string Size(decimal value) => value.ToString("#,0.##########", CultureInfo.InvariantCulture);
    public static string Percent(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
