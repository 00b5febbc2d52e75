using System.Text.Json.Serialization;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace Vaults.Chain;

/// <summary>
/// A 20-byte Ethereum address as a value (Nethereum passes addresses as strings): equality, ordering and hashing on the bytes, for the
/// keeper's index, the SQLite store and the deployment file. Parsing checks the length and, for mixed-case input, the EIP-55 checksum
/// (Nethereum's <see cref="AddressUtil"/>); <see cref="ToString"/> is the checksummed form. It converts implicitly from and to string,
/// so it goes straight into the generated bindings, whose addresses are Nethereum's strings.
/// </summary>
[JsonConverter(typeof(AddressJsonConverter))]
public readonly struct Address : IEquatable<Address>, IComparable<Address>
{
    private static readonly byte[] ZeroBytes = new byte[20];
    private readonly byte[]? _bytes;

    /// <summary>The zero address (0x000...0).</summary>
    public static Address Zero { get; } = new(ZeroBytes);

    /// <summary>Wraps 20 bytes.</summary>
    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20) throw new ArgumentException($"An address is 20 bytes, got {bytes.Length}.", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    /// <summary>The 20 bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes ?? ZeroBytes;

    /// <summary>True for 0x000...0.</summary>
    public bool IsZero => Bytes.IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Parses "0x" + 40 hex digits. All-lower or all-upper input is accepted as is; mixed case must carry a valid EIP-55 checksum.</summary>
    /// <exception cref="FormatException">Wrong length, a non-hex character, or a bad checksum.</exception>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            throw new FormatException($"Malformed address '{Shorten(text)}': it must start with 0x.");
        var digits = text.AsSpan(2);
        if (digits.Length != 40)
            throw new FormatException($"Malformed address '{Shorten(text)}': expected 40 hex digits, got {digits.Length}.");
        if (!text.IsHex())
            throw new FormatException($"Malformed address '{Shorten(text)}': not hexadecimal.");
        bool hasLower = digits.IndexOfAnyInRange('a', 'f') >= 0, hasUpper = digits.IndexOfAnyInRange('A', 'F') >= 0;
        if (hasLower && hasUpper && !AddressUtil.Current.IsChecksumAddress(text))
            throw new FormatException($"Address '{text}' has an invalid EIP-55 checksum.");
        return new Address(text.HexToByteArray());
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
    public override string ToString() => AddressUtil.Current.ConvertToChecksumAddress(ToLowerHex());

    /// <summary>The lower-case hex form (what JSON-RPC nodes accept everywhere).</summary>
    public string ToLowerHex() => Bytes.ToArray().ToHex(prefix: true);

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

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
