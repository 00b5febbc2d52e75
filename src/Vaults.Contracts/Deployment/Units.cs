using System.Globalization;
using System.Numerics;

namespace Vaults.Contracts.Deployment;

/// <summary>Exact conversions between amounts as people write them and integer base units.</summary>
public static class Units
{
    /// <summary>Converts a decimal amount to base units; more fractional digits than <paramref name="decimals"/> is an error, never a silent rounding.</summary>
    public static BigInteger ToBaseUnits(decimal amount, int decimals)
    {
        var text = amount.ToString(CultureInfo.InvariantCulture);
        return Parse(text, decimals);
    }

    /// <summary>Parses "1850.25" into base units with <paramref name="decimals"/> decimals.</summary>
    /// <exception cref="FormatException">Not a plain decimal number, or too many decimals.</exception>
    public static BigInteger Parse(string amount, int decimals)
    {
        ArgumentNullException.ThrowIfNull(amount);
        var text = amount.Trim();
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        var parts = text.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 && (parts.Length == 1 || parts[1].Length == 0) || !parts.All(p => p.All(char.IsAsciiDigit)))
            throw new FormatException($"'{amount}' is not a decimal number.");
        var fraction = parts.Length == 2 ? parts[1].TrimEnd('0') : "";
        if (fraction.Length > decimals)
            throw new FormatException($"'{amount}' has more than {decimals} decimals.");
        var digits = (parts[0].Length == 0 ? "0" : parts[0]) + fraction.PadRight(decimals, '0');
        var value = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    /// <summary>Formats base units as a plain decimal string ("1850.25").</summary>
    public static string Format(BigInteger baseUnits, int decimals)
    {
        var negative = baseUnits.Sign < 0;
        var digits = BigInteger.Abs(baseUnits).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var whole = digits[..^decimals];
        var fraction = decimals == 0 ? "" : digits[^decimals..].TrimEnd('0');
        return (negative ? "-" : "") + whole + (fraction.Length > 0 ? "." + fraction : "");
    }
}
