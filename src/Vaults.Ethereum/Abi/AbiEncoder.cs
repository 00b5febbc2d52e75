using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Text;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// Solidity ABI encoding (<c>abi.encode</c>, call data, <c>abi.encodePacked</c>).
/// Encoding makes two passes over the values: one computes the exact output size, the second writes into a single
/// buffer of that size using head/tail cursors, so nothing is copied or re-measured.
/// </summary>
/// <remarks>
/// Accepted CLR values: integers as <see cref="BigInteger"/>, <see cref="HexBigInteger"/> or any CLR integer type;
/// address as <see cref="Address"/> or string; bool as <see cref="bool"/>; bytes as byte[] or <see cref="ReadOnlyMemory{T}"/>;
/// bytesN as byte[] or <see cref="ReadOnlyMemory{T}"/> of at most N bytes (right-padded); string as <see cref="string"/>;
/// arrays and tuples as any <see cref="IList"/>.
/// </remarks>
public static class AbiEncoder
{
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes values as the tuple of <paramref name="types"/> (what <c>abi.encode(a, b, ...)</c> produces).</summary>
    /// <exception cref="AbiEncodingException">A value does not match its type; the message names the parameter.</exception>
    public static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values) => Encode(types, values, null, default);

    /// <summary>Encodes one value (<c>abi.encode(x)</c>): a dynamic type gets its 0x20 offset word.</summary>
    public static byte[] Encode(AbiType type, object? value) => Encode([type], [value], null, default);

    /// <summary>Encodes call data: the 4-byte selector followed by the encoded arguments.</summary>
    public static byte[] EncodeWithSelector(ReadOnlySpan<byte> selector4, IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        if (selector4.Length != 4) throw new ArgumentException($"A selector is 4 bytes, got {selector4.Length}.", nameof(selector4));
        return Encode(types, values, null, selector4);
    }

    /// <summary>Encodes with parameter names for error messages, after an optional prefix (selector or bytecode).</summary>
    internal static byte[] Encode(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values, IReadOnlyList<AbiParameter>? names, ReadOnlySpan<byte> prefix)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new AbiEncodingException(null, TupleName(types), $"expected {types.Count} values, got {values.Count}");

        long size = 0;
        for (int i = 0; i < types.Count; i++)
        {
            var t = types[i];
            try
            {
                size += t.IsDynamic ? 32 + EncodedSize(t, values[i]) : t.HeadSize;
            }
            catch (AbiEncodingException e) { throw e.Under(Segment(names, i)); }
        }
        if (size + prefix.Length > Array.MaxLength)
            throw new AbiEncodingException(null, TupleName(types), $"the encoding would be {size} bytes, too large");

        var buffer = new byte[prefix.Length + size];
        prefix.CopyTo(buffer);
        var span = buffer.AsSpan(prefix.Length);
        int head = 0, tail = 0;
        for (int i = 0; i < types.Count; i++) tail += types[i].HeadSize;
        for (int i = 0; i < types.Count; i++)
        {
            var t = types[i];
            try
            {
                if (t.IsDynamic)
                {
                    WriteLength(span.Slice(head, 32), tail);
                    tail = Write(t, values[i], span, tail);
                }
                else
                {
                    Write(t, values[i], span, head);
                }
            }
            catch (AbiEncodingException e) { throw e.Under(Segment(names, i)); }
            head += t.HeadSize;
        }
        return buffer;
    }

    private static string Segment(IReadOnlyList<AbiParameter>? names, int i) =>
        names is not null && i < names.Count && !string.IsNullOrEmpty(names[i].Name) ? names[i].Name : "#" + i;

    private static string TupleName(IReadOnlyList<AbiType> types)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < types.Count; i++) sb.Append(i == 0 ? "" : ",").Append(types[i].CanonicalName);
        return sb.Append(')').ToString();
    }

    /// <summary>Size of enc(value) for a dynamic type (static types are their HeadSize).</summary>
    private static long EncodedSize(AbiType type, object? value)
    {
        switch (type)
        {
            case BytesType:
                return 32 + Pad32(AsBytes(type, value).Length);
            case StringType:
                return 32 + Pad32(Utf8Count(type, value));
            case ArrayType a:
            {
                var list = AsList(type, value);
                if (a.Length is { } n)
                {
                    if (list.Count != n) throw new AbiEncodingException(null, type.CanonicalName, $"expected exactly {n} elements, got {list.Count}");
                    return SequenceSize(a.Element, list);
                }
                return 32 + SequenceSize(a.Element, list);
            }
            case TupleType t:
            {
                var list = AsList(type, value);
                var comps = t.ComponentArray;
                if (list.Count != comps.Length) throw new AbiEncodingException(null, type.CanonicalName, $"expected {comps.Length} tuple components, got {list.Count}");
                long size = 0;
                for (int i = 0; i < comps.Length; i++)
                {
                    var c = comps[i];
                    if (!c.IsDynamic) { size += c.HeadSize; continue; }
                    try { size += 32 + EncodedSize(c, list[i]); }
                    catch (AbiEncodingException e) { throw e.Under("." + i); }
                }
                return size;
            }
            default:
                return type.HeadSize;
        }
    }

    private static long SequenceSize(AbiType element, IList list)
    {
        int n = list.Count;
        if (!element.IsDynamic) return (long)n * element.HeadSize;
        long size = 32L * n;
        for (int i = 0; i < n; i++)
        {
            try { size += EncodedSize(element, list[i]); }
            catch (AbiEncodingException e) { throw e.Under("[" + i + "]"); }
        }
        return size;
    }

    /// <summary>Writes enc(value) at <paramref name="pos"/>; returns the position after it (tail end for dynamic types).</summary>
    private static int Write(AbiType type, object? value, Span<byte> buffer, int pos)
    {
        switch (type)
        {
            case UIntType u:
                WriteUInt(u, value, buffer.Slice(pos, 32));
                return pos + 32;
            case IntType s:
                WriteInt(s, value, buffer.Slice(pos, 32));
                return pos + 32;
            case AddressType:
                WriteAddress(value, buffer.Slice(pos, 32));
                return pos + 32;
            case BoolType:
                buffer[pos + 31] = value switch
                {
                    bool b => b ? (byte)1 : (byte)0,
                    _ => throw WrongType(type, value, "a bool"),
                };
                return pos + 32;
            case FixedBytesType f:
            {
                var bytes = AsBytes(type, value);
                if (bytes.Length > f.Size) throw new AbiEncodingException(null, type.CanonicalName, $"{bytes.Length} bytes are too long for bytes{f.Size}");
                bytes.CopyTo(buffer.Slice(pos, 32));
                return pos + 32;
            }
            case BytesType:
            {
                var bytes = AsBytes(type, value);
                WriteLength(buffer.Slice(pos, 32), bytes.Length);
                bytes.CopyTo(buffer[(pos + 32)..]);
                return pos + 32 + Pad32(bytes.Length);
            }
            case StringType:
            {
                var text = (string)value!; // checked by the size pass
                int count = StrictUtf8.GetBytes(text, buffer[(pos + 32)..]);
                WriteLength(buffer.Slice(pos, 32), count);
                return pos + 32 + Pad32(count);
            }
            case ArrayType a:
            {
                var list = AsList(type, value);
                if (a.Length is { } n)
                {
                    if (list.Count != n) throw new AbiEncodingException(null, type.CanonicalName, $"expected exactly {n} elements, got {list.Count}");
                    return WriteSequence(a.Element, list, buffer, pos);
                }
                WriteLength(buffer.Slice(pos, 32), list.Count);
                return WriteSequence(a.Element, list, buffer, pos + 32);
            }
            case TupleType t:
            {
                var list = AsList(type, value);
                var comps = t.ComponentArray;
                if (list.Count != comps.Length) throw new AbiEncodingException(null, type.CanonicalName, $"expected {comps.Length} tuple components, got {list.Count}");
                int head = pos, tail = pos;
                for (int i = 0; i < comps.Length; i++) tail += comps[i].HeadSize;
                for (int i = 0; i < comps.Length; i++)
                {
                    var c = comps[i];
                    try
                    {
                        if (c.IsDynamic)
                        {
                            WriteLength(buffer.Slice(head, 32), tail - pos);
                            tail = Write(c, list[i], buffer, tail);
                        }
                        else
                        {
                            Write(c, list[i], buffer, head);
                        }
                    }
                    catch (AbiEncodingException e) { throw e.Under("." + i); }
                    head += c.HeadSize;
                }
                return tail;
            }
            default:
                throw new AbiEncodingException(null, type.CanonicalName, "unsupported type");
        }
    }

    private static int WriteSequence(AbiType element, IList list, Span<byte> buffer, int start)
    {
        int n = list.Count, step = element.HeadSize, head = start, tail = start + n * step;
        bool dynamic = element.IsDynamic;
        for (int i = 0; i < n; i++)
        {
            try
            {
                if (dynamic)
                {
                    WriteLength(buffer.Slice(head, 32), tail - start);
                    tail = Write(element, list[i], buffer, tail);
                }
                else
                {
                    Write(element, list[i], buffer, head);
                }
            }
            catch (AbiEncodingException e) { throw e.Under("[" + i + "]"); }
            head += step;
        }
        return tail;
    }

    internal static void WriteLength(Span<byte> slot, int value) => BinaryPrimitives.WriteInt64BigEndian(slot[24..], value);

    internal static int Pad32(int length) => (length + 31) & ~31;

    private static IList AsList(AbiType type, object? value) =>
        value as IList ?? throw WrongType(type, value, "a list (object?[], List<T>, T[] or another IList)");

    private static ReadOnlySpan<byte> AsBytes(AbiType type, object? value) => value switch
    {
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.Span,
        Memory<byte> m => m.Span,
        _ => throw WrongType(type, value, "byte[] or ReadOnlyMemory<byte>"),
    };

    private static int Utf8Count(AbiType type, object? value)
    {
        if (value is not string s) throw WrongType(type, value, "a string");
        try { return StrictUtf8.GetByteCount(s); }
        catch (EncoderFallbackException) { throw new AbiEncodingException(null, type.CanonicalName, "the string is not valid UTF-16 (lone surrogate)"); }
    }

    internal static AbiEncodingException WrongType(AbiType type, object? value, string expected) =>
        new(null, type.CanonicalName, value is null ? $"expected {expected} but got null" : $"expected {expected} but got {value.GetType().Name}");

    private static void WriteAddress(object? value, Span<byte> slot)
    {
        switch (value)
        {
            case Address a:
                a.Bytes.CopyTo(slot[12..]);
                break;
            case string s:
                Address parsed;
                try { parsed = Address.Parse(s); }
                catch (FormatException e) { throw new AbiEncodingException(null, "address", e.Message.TrimEnd('.')); }
                parsed.Bytes.CopyTo(slot[12..]);
                break;
            default:
                throw WrongType(AddressType.Instance, value, "an Address or a hex string");
        }
    }

    private static void WriteUInt(UIntType type, object? value, Span<byte> slot)
    {
        switch (value)
        {
            case int or long or short or sbyte:
            {
                long v = ToInt64(value);
                if (v < 0) throw Negative(type, v);
                WriteUInt64(type, (ulong)v, slot);
                return;
            }
            case uint or ulong or ushort or byte:
                WriteUInt64(type, ToUInt64(value), slot);
                return;
            case BigInteger b:
                WriteUBig(type, b, slot);
                return;
            case HexBigInteger h:
                WriteUBig(type, h.Value, slot);
                return;
            default:
                throw WrongType(type, value, "an integer (BigInteger or a CLR integer type)");
        }

        static void WriteUInt64(UIntType type, ulong v, Span<byte> slot)
        {
            if (type.Bits < 64 && (v >> type.Bits) != 0) throw DoesNotFit(type, v);
            BinaryPrimitives.WriteUInt64BigEndian(slot[24..], v);
        }

        static void WriteUBig(UIntType type, BigInteger b, Span<byte> slot)
        {
            if (b.Sign < 0) throw Negative(type, b);
            if (b > type.MaxValue) throw DoesNotFit(type, b);
            int count = b.GetByteCount(isUnsigned: true);
            b.TryWriteBytes(slot[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
        }
    }

    private static void WriteInt(IntType type, object? value, Span<byte> slot)
    {
        switch (value)
        {
            case int or long or short or sbyte:
            {
                long v = ToInt64(value);
                if (type.Bits < 64)
                {
                    long max = (1L << (type.Bits - 1)) - 1, min = -max - 1;
                    if (v > max || v < min) throw DoesNotFit(type, v);
                }
                if (v < 0) slot[..24].Fill(0xFF);
                BinaryPrimitives.WriteInt64BigEndian(slot[24..], v);
                return;
            }
            case uint or ulong or ushort or byte:
            {
                ulong v = ToUInt64(value);
                if (type.Bits <= 64 && v > (ulong)((1UL << (type.Bits - 1)) - 1)) throw DoesNotFit(type, v);
                BinaryPrimitives.WriteUInt64BigEndian(slot[24..], v);
                return;
            }
            case BigInteger b:
                WriteBig(type, b, slot);
                return;
            case HexBigInteger h:
                WriteBig(type, h.Value, slot);
                return;
            default:
                throw WrongType(type, value, "an integer (BigInteger or a CLR integer type)");
        }

        static void WriteBig(IntType type, BigInteger b, Span<byte> slot)
        {
            if (b > type.MaxValue || b < type.MinValue) throw DoesNotFit(type, b);
            int count = b.GetByteCount(isUnsigned: false);
            if (b.Sign < 0) slot[..(32 - count)].Fill(0xFF);
            b.TryWriteBytes(slot[(32 - count)..], out _, isUnsigned: false, isBigEndian: true);
        }
    }

    private static long ToInt64(object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        _ => (sbyte)value,
    };

    private static ulong ToUInt64(object value) => value switch
    {
        uint i => i,
        ulong l => l,
        ushort s => s,
        _ => (byte)value,
    };

    private static AbiEncodingException Negative(AbiType type, object v) =>
        new(null, type.CanonicalName, $"negative value {v} does not fit {type.CanonicalName}");

    private static AbiEncodingException DoesNotFit(AbiType type, object v) =>
        new(null, type.CanonicalName, $"value {v} does not fit {type.CanonicalName}");

    /// <summary>
    /// Solidity's non-standard packed mode (<c>abi.encodePacked</c>): direct arguments are not padded (intN takes N/8 bytes,
    /// address 20, bool 1, bytesN N, string and bytes their raw contents); arrays of static elementary types are encoded
    /// in place with every element padded to 32 bytes and no length. Tuples, nested arrays and arrays of dynamic types are
    /// rejected, as Solidity does. There is no decoder, since the encoding is ambiguous.
    /// </summary>
    public static byte[] EncodePacked(IReadOnlyList<AbiType> types, IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(values);
        if (types.Count != values.Count)
            throw new AbiEncodingException(null, TupleName(types), $"expected {types.Count} values, got {values.Count}");
        var output = new ArrayBufferWriter<byte>();
        Span<byte> slot = stackalloc byte[32];
        for (int i = 0; i < types.Count; i++)
        {
            try { WritePacked(types[i], values[i], output, slot, topLevel: true); }
            catch (AbiEncodingException e) { throw e.Under("#" + i); }
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Packed encoding of one value (see <see cref="EncodePacked(IReadOnlyList{AbiType}, IReadOnlyList{object?})"/>).</summary>
    public static byte[] EncodePacked(AbiType type, object? value) => EncodePacked([type], [value]);

    private static void WritePacked(AbiType type, object? value, ArrayBufferWriter<byte> output, Span<byte> slot, bool topLevel)
    {
        switch (type)
        {
            case StringType:
                Utf8Count(type, value);
                output.Write(StrictUtf8.GetBytes((string)value!));
                return;
            case BytesType:
                output.Write(AsBytes(type, value));
                return;
            case ArrayType a:
            {
                if (a.Element is ArrayType or TupleType || a.Element.IsDynamic)
                    throw new AbiEncodingException(null, type.CanonicalName, "packed mode supports only arrays of static elementary types");
                var list = AsList(type, value);
                if (a.Length is { } n && list.Count != n)
                    throw new AbiEncodingException(null, type.CanonicalName, $"expected exactly {n} elements, got {list.Count}");
                for (int i = 0; i < list.Count; i++)
                {
                    try { WritePacked(a.Element, list[i], output, slot, topLevel: false); }
                    catch (AbiEncodingException e) { throw e.Under("[" + i + "]"); }
                }
                return;
            }
            case TupleType:
                throw new AbiEncodingException(null, type.CanonicalName, "packed mode does not support tuples (structs)");
        }
        slot.Clear();
        Write(type, value, slot, 0);
        if (!topLevel) { output.Write(slot); return; }
        switch (type)
        {
            case UIntType u: output.Write(slot[(32 - u.Bits / 8)..]); break;
            case IntType s: output.Write(slot[(32 - s.Bits / 8)..]); break;
            case AddressType: output.Write(slot[12..]); break;
            case BoolType: output.Write(slot[31..]); break;
            case FixedBytesType f: output.Write(slot[..f.Size]); break;
        }
    }
}
