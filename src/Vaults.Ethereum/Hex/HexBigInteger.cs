using System.Globalization;
using System.Numerics;

namespace Vaults.Ethereum.Hex;

/// <summary>
/// A JSON-RPC quantity: an unsigned integer written as minimal "0x"-prefixed hex ("0x0", "0x1a").
/// </summary>
public readonly record struct HexBigInteger : IComparable<HexBigInteger>
{
    /// <summary>The value.</summary>
    public BigInteger Value { get; }

    /// <summary>The value as a quantity string ("0x0" for zero, no leading zeros).</summary>
    public string HexValue => ToQuantity(Value);

    /// <summary>Wraps a non-negative value.</summary>
    public HexBigInteger(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A JSON-RPC quantity cannot be negative.");
        Value = value;
    }

    /// <summary>Parses a quantity ("0x1a"); bare hex digits are accepted too.</summary>
    public HexBigInteger(string hex) : this(Parse(hex)) { }

    /// <summary>Parses a quantity string.</summary>
    public static BigInteger Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = HexConvert.StripPrefix(hex.AsSpan());
        if (digits.Length == 0) return BigInteger.Zero;
        foreach (var c in digits)
            if (!char.IsAsciiHexDigit(c)) throw new FormatException($"Malformed hex quantity: '{HexConvert.Shorten(hex)}'");
        return BigInteger.Parse(string.Concat("0", digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a non-negative integer as a quantity.</summary>
    public static string ToQuantity(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "A JSON-RPC quantity cannot be negative.");
        if (value.IsZero) return "0x0";
        var hex = value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
        return "0x" + hex;
    }

    /// <inheritdoc />
    public int CompareTo(HexBigInteger other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => HexValue;

    public static implicit operator BigInteger(HexBigInteger value) => value.Value;
    public static implicit operator HexBigInteger(BigInteger value) => new(value);
    public static implicit operator HexBigInteger(long value) => new(value);
}
