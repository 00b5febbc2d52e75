using System.Numerics;

namespace Vaults.Ethereum.Rlp;

/// <summary>
/// A decoded RLP item: either a byte string or a list of items. RLP itself has no integers; the typed
/// accessors (<see cref="ToBigInteger"/>, <see cref="ToUInt64"/>) apply Ethereum's rule that integers are
/// minimal big-endian byte strings, and reject leading zeros rather than silently accepting them.
/// </summary>
public sealed class RlpItem
{
    private readonly byte[]? _bytes;
    private readonly RlpItem[]? _items;

    private RlpItem(byte[]? bytes, RlpItem[]? items)
    {
        _bytes = bytes;
        _items = items;
    }

    /// <summary>Creates a byte-string item.</summary>
    public static RlpItem FromBytes(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)), null);

    /// <summary>Creates a list item.</summary>
    public static RlpItem FromList(params RlpItem[] items) => new(null, items ?? throw new ArgumentNullException(nameof(items)));

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>The bytes of a byte-string item.</summary>
    /// <exception cref="RlpException">The item is a list.</exception>
    public byte[] Bytes => _bytes ?? throw new RlpException("Expected an RLP byte string but found a list.");

    /// <summary>The children of a list item.</summary>
    /// <exception cref="RlpException">The item is a byte string.</exception>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new RlpException("Expected an RLP list but found a byte string.");

    /// <summary>Child <paramref name="index"/> of a list item.</summary>
    public RlpItem this[int index] => Items[index];

    /// <summary>Reads a byte string as an unsigned big-endian integer (empty is zero).</summary>
    /// <exception cref="RlpException">The item is a list, or the integer has a leading zero byte (not canonical).</exception>
    public BigInteger ToBigInteger()
    {
        var bytes = Bytes;
        if (bytes.Length > 0 && bytes[0] == 0)
            throw new RlpException("Non-canonical RLP integer: leading zero byte.");
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Reads a byte string as an unsigned 64-bit integer.</summary>
    /// <exception cref="RlpException">Not canonical, or larger than 64 bits.</exception>
    public ulong ToUInt64()
    {
        var value = ToBigInteger();
        if (value > ulong.MaxValue) throw new RlpException($"RLP integer of {Bytes.Length} bytes does not fit in 64 bits.");
        return (ulong)value;
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsList ? "[" + string.Join(", ", _items!.Select(i => i.ToString())) + "]" : "0x" + Convert.ToHexStringLower(_bytes!);
}
