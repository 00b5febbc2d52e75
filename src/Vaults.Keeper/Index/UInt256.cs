using System.Buffers.Binary;
using System.Numerics;

namespace Vaults.Keeper.Index;

/// <summary>
/// An unsigned 256-bit integer held in four words (32 bytes, no heap allocation), ordered numerically:
/// the index keys liquidation prices (uint256 on chain) with it instead of <see cref="BigInteger"/>, which allocates.
/// </summary>
public readonly record struct UInt256(ulong U3, ulong U2, ulong U1, ulong U0) : IComparable<UInt256>
{
    /// <summary>0.</summary>
    public static UInt256 Zero => default;

    /// <summary>2^256 - 1.</summary>
    public static UInt256 MaxValue => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    private static readonly BigInteger Max = (BigInteger.One << 256) - 1;

    /// <summary>Converts from a <see cref="BigInteger"/> in [0, 2^256).</summary>
    public static UInt256 FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0 || value > Max) throw new ArgumentOutOfRangeException(nameof(value), value, "Not a uint256.");
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return FromBigEndian(ReverseCopy(bytes));
    }

    /// <summary>Reads 32 big-endian bytes (the ABI and storage encoding).</summary>
    public static UInt256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) throw new ArgumentException("A uint256 is 32 bytes.", nameof(bytes));
        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>Writes 32 big-endian bytes; byte order equals numeric order.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, U3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], U2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], U1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], U0);
    }

    /// <summary>32 big-endian bytes.</summary>
    public byte[] ToBigEndian()
    {
        var bytes = new byte[32];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>Converts to a <see cref="BigInteger"/>.</summary>
    public BigInteger ToBigInteger() => new(ToBigEndian(), isUnsigned: true, isBigEndian: true);

    /// <inheritdoc />
    public int CompareTo(UInt256 other)
    {
        int c = U3.CompareTo(other.U3);
        if (c != 0) return c;
        c = U2.CompareTo(other.U2);
        if (c != 0) return c;
        c = U1.CompareTo(other.U1);
        return c != 0 ? c : U0.CompareTo(other.U0);
    }

    /// <summary>Numeric order.</summary>
    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;
    /// <summary>Numeric order.</summary>
    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;
    /// <summary>Numeric order.</summary>
    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;
    /// <summary>Numeric order.</summary>
    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    /// <summary>Converts from a <see cref="BigInteger"/> in [0, 2^256).</summary>
    public static implicit operator UInt256(BigInteger value) => FromBigInteger(value);

    /// <summary>Converts from an unsigned 64-bit integer.</summary>
    public static implicit operator UInt256(ulong value) => new(0, 0, 0, value);

    /// <inheritdoc />
    public override string ToString() => ToBigInteger().ToString();

    private static byte[] ReverseCopy(ReadOnlySpan<byte> little)
    {
        var big = little.ToArray();
        Array.Reverse(big);
        return big;
    }
}
