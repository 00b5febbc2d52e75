using System.Buffers;
using System.Numerics;

namespace Vaults.Ethereum.Rlp;

/// <summary>
/// Recursive Length Prefix encoding (Ethereum Yellow Paper, appendix B).
/// <para>
/// Two layers: the <c>Length*</c>/<c>Write*</c> methods work on spans so that a caller (the transaction
/// encoder) can size the output exactly once and write every field in place with no intermediate arrays;
/// the <c>Encode*</c> methods return fresh arrays for convenience and tests.
/// </para>
/// Integers are encoded as minimal big-endian byte strings (zero is the empty string, 0x80), as Ethereum requires.
/// </summary>
public static class RlpEncoder
{
    /// <summary>Offset for byte strings: 0x80 + length (length &lt;= 55) or 0xb7 + length-of-length.</summary>
    public const byte OffsetShortString = 0x80;

    /// <summary>Offset for lists: 0xc0 + length (length &lt;= 55) or 0xf7 + length-of-length.</summary>
    public const byte OffsetShortList = 0xc0;

    private const int ShortLimit = 55;

    // ---- sizes -------------------------------------------------------------------------------------------

    /// <summary>Encoded size of a byte string.</summary>
    public static int LengthOfString(ReadOnlySpan<byte> value) =>
        value.Length == 1 && value[0] < 0x80 ? 1 : HeaderLength(value.Length) + value.Length;

    /// <summary>Encoded size of a list whose items take <paramref name="payloadLength"/> bytes once encoded.</summary>
    public static int LengthOfList(int payloadLength) => HeaderLength(payloadLength) + payloadLength;

    /// <summary>Encoded size of an unsigned integer.</summary>
    public static int LengthOfInteger(BigInteger value)
    {
        var n = MinimalByteCount(value);
        if (n == 0) return 1;
        if (n == 1 && value < 0x80) return 1;
        return HeaderLength(n) + n;
    }

    /// <summary>Encoded size of an unsigned 64-bit integer.</summary>
    public static int LengthOfInteger(ulong value)
    {
        if (value < 0x80) return 1;
        return 1 + ByteCount(value);
    }

    // ---- span writers ------------------------------------------------------------------------------------

    /// <summary>Writes a byte string into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int WriteString(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80)
        {
            destination[0] = value[0];
            return 1;
        }
        int header = WriteHeader(destination, value.Length, OffsetShortString);
        value.CopyTo(destination[header..]);
        return header + value.Length;
    }

    /// <summary>Writes a list header for a payload of <paramref name="payloadLength"/> bytes; the caller writes the items after it.</summary>
    public static int WriteListHeader(Span<byte> destination, int payloadLength) => WriteHeader(destination, payloadLength, OffsetShortList);

    /// <summary>Writes an unsigned integer as a minimal big-endian byte string.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static int WriteInteger(Span<byte> destination, BigInteger value)
    {
        int n = MinimalByteCount(value);
        if (n == 0)
        {
            destination[0] = OffsetShortString;
            return 1;
        }
        if (n <= 8) return WriteInteger(destination, (ulong)value);
        int header = WriteHeader(destination, n, OffsetShortString);
        value.TryWriteBytes(destination.Slice(header, n), out _, isUnsigned: true, isBigEndian: true);
        return header + n;
    }

    /// <summary>Writes an unsigned 64-bit integer as a minimal big-endian byte string.</summary>
    public static int WriteInteger(Span<byte> destination, ulong value)
    {
        if (value == 0)
        {
            destination[0] = OffsetShortString;
            return 1;
        }
        if (value < 0x80)
        {
            destination[0] = (byte)value;
            return 1;
        }
        int n = ByteCount(value);
        destination[0] = (byte)(OffsetShortString + n);
        for (int i = n; i >= 1; i--, value >>= 8) destination[i] = (byte)value;
        return n + 1;
    }

    // ---- IBufferWriter writers ---------------------------------------------------------------------------

    /// <summary>Appends a byte string to a buffer writer (e.g. <see cref="ArrayBufferWriter{T}"/>).</summary>
    public static void WriteString(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        var span = writer.GetSpan(LengthOfString(value));
        writer.Advance(WriteString(span, value));
    }

    /// <summary>Appends a list header to a buffer writer.</summary>
    public static void WriteListHeader(IBufferWriter<byte> writer, int payloadLength)
    {
        var span = writer.GetSpan(HeaderLength(payloadLength));
        writer.Advance(WriteListHeader(span, payloadLength));
    }

    /// <summary>Appends an unsigned integer to a buffer writer.</summary>
    public static void WriteInteger(IBufferWriter<byte> writer, BigInteger value)
    {
        var span = writer.GetSpan(LengthOfInteger(value));
        writer.Advance(WriteInteger(span, value));
    }

    // ---- convenience -------------------------------------------------------------------------------------

    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeElement(ReadOnlySpan<byte> value)
    {
        var result = new byte[LengthOfString(value)];
        WriteString(result, value);
        return result;
    }

    /// <summary>Encodes an unsigned integer (zero encodes as 0x80).</summary>
    public static byte[] EncodeInteger(BigInteger value)
    {
        var result = new byte[LengthOfInteger(value)];
        WriteInteger(result, value);
        return result;
    }

    /// <summary>Wraps already-encoded items in a list.</summary>
    public static byte[] EncodeList(params byte[][] encodedItems)
    {
        ArgumentNullException.ThrowIfNull(encodedItems);
        int payload = 0;
        foreach (var item in encodedItems) payload += item.Length;
        var result = new byte[LengthOfList(payload)];
        int offset = WriteListHeader(result, payload);
        foreach (var item in encodedItems)
        {
            item.CopyTo(result, offset);
            offset += item.Length;
        }
        return result;
    }

    /// <summary>Encodes a decoded item tree (the inverse of <see cref="RlpDecoder.Decode(ReadOnlySpan{byte})"/>).</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var writer = new ArrayBufferWriter<byte>(256);
        Write(writer, item);
        return writer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> writer, RlpItem item)
    {
        if (!item.IsList)
        {
            WriteString(writer, item.Bytes);
            return;
        }
        WriteListHeader(writer, PayloadLength(item));
        foreach (var child in item.Items) Write(writer, child);
    }

    private static int PayloadLength(RlpItem list)
    {
        int total = 0;
        foreach (var child in list.Items)
            total += child.IsList ? LengthOfList(PayloadLength(child)) : LengthOfString(child.Bytes);
        return total;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static int HeaderLength(int length) => length <= ShortLimit ? 1 : 1 + ByteCount((ulong)length);

    private static int WriteHeader(Span<byte> destination, int length, byte offset)
    {
        if (length <= ShortLimit)
        {
            destination[0] = (byte)(offset + length);
            return 1;
        }
        int n = ByteCount((ulong)length);
        destination[0] = (byte)(offset + ShortLimit + n);
        ulong v = (ulong)length;
        for (int i = n; i >= 1; i--, v >>= 8) destination[i] = (byte)v;
        return n + 1;
    }

    private static int ByteCount(ulong value) => value == 0 ? 0 : (64 - BitOperations.LeadingZeroCount(value) + 7) / 8;

    private static int MinimalByteCount(BigInteger value)
    {
        if (value.Sign < 0) throw new ArgumentOutOfRangeException(nameof(value), "RLP integers are unsigned; got a negative value.");
        if (value.IsZero) return 0;
        return value.GetByteCount(isUnsigned: true);
    }
}
