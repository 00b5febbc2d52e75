using System.Globalization;
using System.Numerics;
using Vaults.Contracts.Deployment;

namespace Vaults.Client;

/// <summary>
/// Amounts, prices and leverage as people type them ("1000", "1850.25", "5x"), checked and converted exactly:
/// never a silent rounding, and every refusal a one-line message naming the option.
/// </summary>
public static class Amount
{
    /// <summary>Parses a positive decimal ("1000", "0.5") for <paramref name="what"/> (e.g. "--collateral").</summary>
    /// <exception cref="VaultsClientException">Not a plain decimal number, zero or negative.</exception>
    public static decimal ParsePositive(string text, string what)
    {
        var trimmed = text.Trim();
        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new VaultsClientException($"{what} '{text}' is not a number (write it like 1000 or 1850.25).");
        if (value <= 0)
            throw new VaultsClientException($"{what} must be greater than zero (got {text}).");
        // decimal keeps 28-29 significant digits and rounds the rest silently: refuse instead of rounding.
        if (Normalize(value.ToString(CultureInfo.InvariantCulture)) != Normalize(trimmed))
            throw new VaultsClientException($"{what} '{text}' has more digits than can be represented exactly.");
        return value;
    }

    /// <summary>"+0012.500" and "12.5" alike: no sign, no leading or trailing zeros.</summary>
    private static string Normalize(string number)
    {
        var text = number.TrimStart('+');
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        text = text.TrimStart('0');
        return text.Length == 0 || text[0] == '.' ? "0" + text : text;
    }

    /// <summary>Parses leverage written "5", "5x" or "2.5x".</summary>
    public static decimal ParseLeverage(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.EndsWith('x') || trimmed.EndsWith('X')) trimmed = trimmed[..^1];
        return ParsePositive(trimmed, "--leverage");
    }

    /// <summary>
    /// Converts a decimal to base units with <paramref name="decimals"/> decimals; more fractional digits than the
    /// token has is an error naming <paramref name="what"/>.
    /// </summary>
    public static BigInteger ToBaseUnits(decimal value, int decimals, string what)
    {
        try
        {
            return Units.ToBaseUnits(value, decimals);
        }
        catch (FormatException)
        {
            throw new VaultsClientException($"{what} {value.ToString(CultureInfo.InvariantCulture)} has more than {decimals} decimals.");
        }
    }

    /// <summary>Base units back to an exact decimal.</summary>
    public static decimal FromBaseUnits(BigInteger value, int decimals) =>
        decimal.Parse(Units.Format(value, decimals), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>A number as a person reads it in a message: thousands grouped, no trailing zeros, nothing rounded away.</summary>
    public static string Display(decimal value) => value.ToString("#,0.##################", CultureInfo.InvariantCulture);

    /// <summary>A quote value (a price, an 18-decimal value of tokens) in a message: to the cent, thousands grouped.</summary>
    public static string Cents(decimal value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A duration in seconds as a person says it: "45 s", "3 min 5 s", "2 h 10 min", "3 d 4 h".</summary>
    public static string Age(long seconds)
    {
        if (seconds < 0) seconds = 0;
        var t = TimeSpan.FromSeconds(seconds);
        return seconds switch
        {
            < 60 => $"{seconds} s",
            < 3600 => t.Seconds == 0 ? $"{t.Minutes} min" : $"{t.Minutes} min {t.Seconds} s",
            < 86400 => t.Minutes == 0 ? $"{t.Hours} h" : $"{t.Hours} h {t.Minutes} min",
            _ => t.Hours == 0 ? $"{t.Days} d" : $"{t.Days} d {t.Hours} h",
        };
    }
}
