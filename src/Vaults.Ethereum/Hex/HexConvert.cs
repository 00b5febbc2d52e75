namespace Vaults.Ethereum.Hex;

/// <summary>
/// Hex strings as Ethereum writes them: "0x"-prefixed, lower case on output, either case on input.
/// Every parse names what is wrong with the input instead of throwing a bare FormatException.
/// </summary>
public static class HexConvert
{
    /// <summary>Encodes bytes as lower-case hex, with the "0x" prefix unless <paramref name="prefix"/> is false.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes, bool prefix = true)
    {
        if (!prefix) return Convert.ToHexStringLower(bytes);
        return string.Create(bytes.Length * 2 + 2, bytes.ToArray(), static (span, data) =>
        {
            span[0] = '0';
            span[1] = 'x';
            Convert.TryToHexStringLower(data, span[2..], out _);
        });
    }

    /// <summary>Decodes hex with or without a "0x" prefix. An odd number of digits is read with a leading zero ("0x1" is 0x01).</summary>
    /// <exception cref="FormatException">The text contains a character that is not a hex digit.</exception>
    public static byte[] ToBytes(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = StripPrefix(hex.AsSpan());
        if (digits.Length == 0) return [];
        var result = new byte[(digits.Length + 1) / 2];
        int offset = 0;
        if (digits.Length % 2 == 1)
        {
            result[0] = (byte)Nibble(digits[0], hex, 0);
            offset = 1;
        }
        for (int i = offset, o = offset; i < digits.Length; i += 2, o++)
        {
            result[o] = (byte)(Nibble(digits[i], hex, i) << 4 | Nibble(digits[i + 1], hex, i + 1));
        }
        return result;
    }

    /// <summary>Decodes hex that must be exactly <paramref name="length"/> bytes long (addresses, hashes, keys).</summary>
    public static byte[] ToBytes(string hex, int length, string what)
    {
        var digits = StripPrefix(hex.AsSpan());
        if (digits.Length != length * 2)
            throw new FormatException($"{what} must be {length} bytes ({length * 2} hex digits), got {digits.Length} hex digits: '{Shorten(hex)}'");
        return ToBytes(hex);
    }

    /// <summary>True when the text is "0x"-prefixed (or bare) hex.</summary>
    public static bool IsHex(string? text)
    {
        if (text is null) return false;
        foreach (var c in StripPrefix(text.AsSpan()))
            if (!char.IsAsciiHexDigit(c)) return false;
        return true;
    }

    internal static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> hex) =>
        hex.Length >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X') ? hex[2..] : hex;

    private static int Nibble(char c, string source, int index) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new FormatException($"Malformed hex: '{c}' at digit {index} is not a hex digit in '{Shorten(source)}'"),
    };

    internal static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}

/// <summary>Extension methods in Nethereum's style: <c>bytes.ToHex()</c> and <c>"0x..".HexToByteArray()</c>.</summary>
public static class HexExtensions
{
    /// <summary>Lower-case hex; Nethereum's <c>ToHex(prefix)</c> defaults to no prefix, and so does this.</summary>
    public static string ToHex(this byte[] bytes, bool prefix = false) => HexConvert.ToHex(bytes, prefix);

    /// <summary>Decodes a hex string, prefixed or not.</summary>
    public static byte[] HexToByteArray(this string hex) => HexConvert.ToBytes(hex);

    /// <summary>Ensures a "0x" prefix.</summary>
    public static string EnsureHexPrefix(this string hex) => hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex : "0x" + hex;
}
