using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.Util;

/// <summary>
/// A 20-byte Ethereum address. Parsing checks the length and, for mixed-case input, the EIP-55 checksum;
/// <see cref="ToString"/> writes the EIP-55 checksummed form. Converts implicitly from and to string,
/// so code written against Nethereum's string addresses keeps compiling.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(AddressJsonConverter))]
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    private readonly byte[]? _bytes;

    /// <summary>The zero address (0x000...0).</summary>
    public static Address Zero { get; } = new(new byte[20]);

    /// <summary>Wraps 20 bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20) throw new ArgumentException($"An address is 20 bytes, got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The 20 bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? Zero._bytes;

    /// <summary>True for 0x000...0.</summary>
    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses "0x" + 40 hex digits. All-lower or all-upper input is accepted as is; mixed case must carry a valid EIP-55 checksum.</summary>
    /// <exception cref="FormatException">Wrong length, a non-hex character, or a bad checksum.</exception>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"Malformed address '{HexConvert.Shorten(text)}': it must start with 0x.");
        var digits = text.AsSpan(2);
        if (digits.Length != 40)
            throw new FormatException($"Malformed address '{HexConvert.Shorten(text)}': expected 40 hex digits, got {digits.Length}.");
        var bytes = HexConvert.ToBytes(text);
        var address = new Address(bytes);
        bool hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0, hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        if (hasLower && hasUpper && !digits.SequenceEqual(address.ToString().AsSpan(2)))
            throw new FormatException($"Address '{text}' has an invalid EIP-55 checksum.");
        return address;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, out Address address)
    {
        address = default;
        if (text is null) return false;
        try { address = Parse(text); return true; }
        catch (FormatException) { return false; }
    }

    /// <summary>The EIP-55 checksummed form.</summary>
    public override string ToString()
    {
        var lower = Convert.ToHexStringLower(Bytes);
        Span<byte> hash = stackalloc byte[32];
        Span<byte> ascii = stackalloc byte[40];
        for (int i = 0; i < 40; i++) ascii[i] = (byte)lower[i];
        Keccak.Hash(ascii, hash);
        return string.Create(42, (lower, hash.ToArray()), static (span, state) =>
        {
            span[0] = '0';
            span[1] = 'x';
            for (int i = 0; i < 40; i++)
            {
                var c = state.lower[i];
                int nibble = (state.Item2[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
                span[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
            }
        });
    }

    /// <summary>The lower-case hex form (what JSON-RPC nodes accept everywhere).</summary>
    public string ToLowerHex() => HexConvert.ToHex(Bytes);

    /// <summary>A copy of the 20 bytes.</summary>
    public byte[] ToArray() => Bytes.ToArray();

    /// <inheritdoc />
    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public int CompareTo(Address other) => Bytes.SequenceCompareTo(other.Bytes);

    public static bool operator ==(Address left, Address right) => left.Equals(right);
    public static bool operator !=(Address left, Address right) => !left.Equals(right);
    public static implicit operator Address(string text) => Parse(text);
    public static implicit operator string(Address address) => address.ToString();
}
