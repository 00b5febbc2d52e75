using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// Strict Solidity ABI decoding, safe against hostile input: every offset and length is bounds-checked before use,
/// lengths are checked against the bytes actually present before anything is allocated, the total work is capped
/// relative to the input size (offsets that alias the same data cannot blow up), and non-canonical padding of
/// address, bool, uintN, intN, bytesN, bytes and string is rejected. Trailing bytes after the encoded values are ignored.
/// </summary>
/// <remarks>
/// Results: uintN/intN as <see cref="BigInteger"/>, address as <see cref="Address"/>, bool as <see cref="bool"/>,
/// bytes and bytesN as byte[], string as <see cref="string"/>, arrays and tuples as <c>object?[]</c>.
/// </remarks>
public static class AbiDecoder
{
    /// <summary>Decodes the tuple of <paramref name="types"/> (function outputs, event data, arguments after the selector).</summary>
    /// <exception cref="AbiDecodingException">The data is malformed; the message names the problem and the byte position.</exception>
    public static object?[] Decode(IReadOnlyList<AbiType> types, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(types);
        var reader = new Reader(data);
        long headSize = 0;
        for (int i = 0; i < types.Count; i++) headSize += types[i].HeadSize;
        if (headSize > data.Length)
            throw new AbiDecodingException($"ABI data is {data.Length} bytes, but the head of {types.Count} value(s) needs {headSize} bytes.");
        var result = new object?[types.Count];
        int head = 0;
        for (int i = 0; i < types.Count; i++)
        {
            var t = types[i];
            result[i] = t.IsDynamic ? reader.ReadValue(t, reader.ReadOffset(head, 0)) : reader.ReadValue(t, head);
            head += t.HeadSize;
        }
        return result;
    }

    /// <summary>Decodes a single value encoded with <see cref="AbiEncoder.Encode(AbiType, object?)"/>.</summary>
    public static object? Decode(AbiType type, ReadOnlySpan<byte> data) => Decode([type], data)[0];

    private ref struct Reader
    {
        private static readonly UTF8Encoding StrictUtf8 = AbiEncoder.StrictUtf8;
        private readonly ReadOnlySpan<byte> _data;
        private long _budget;

        public Reader(ReadOnlySpan<byte> data)
        {
            _data = data;
            // A strictly encoded input reads each byte once; allow some slack for lenient encoders, but not the
            // quadratic (or worse) blow-up of many offsets pointing at the same data.
            _budget = 2L * data.Length + 1024;
        }

        private void Spend(long bytes, int pos)
        {
            _budget -= bytes;
            if (_budget < 0)
                throw new AbiDecodingException($"ABI data is malformed: decoding reads far more than the {_data.Length} bytes present (offsets alias the same data) at byte {pos}.");
        }

        private ReadOnlySpan<byte> Word(int pos)
        {
            if (pos < 0 || pos > _data.Length - 32)
                throw new AbiDecodingException($"ABI data is truncated: a 32-byte word at byte {pos} is beyond the end of the {_data.Length}-byte data.");
            Spend(32, pos);
            return _data.Slice(pos, 32);
        }

        /// <summary>Reads an offset word at <paramref name="headPos"/>, relative to <paramref name="baseStart"/>; returns the absolute position.</summary>
        public int ReadOffset(int headPos, int baseStart)
        {
            var word = Word(headPos);
            if (word[..24].IndexOfAnyExcept((byte)0) >= 0 || BinaryPrimitives.ReadUInt64BigEndian(word[24..]) > int.MaxValue)
                throw new AbiDecodingException($"ABI data is malformed: the offset at byte {headPos} is absurdly large (0x{Convert.ToHexStringLower(word).TrimStart('0')}).");
            long target = baseStart + (long)BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
            if (target > _data.Length - 32)
                throw new AbiDecodingException($"ABI data is malformed: the offset at byte {headPos} points to byte {target}, outside the {_data.Length}-byte data.");
            return (int)target;
        }

        private int ReadLength(int pos, string what)
        {
            var word = Word(pos);
            if (word[..24].IndexOfAnyExcept((byte)0) >= 0 || BinaryPrimitives.ReadUInt64BigEndian(word[24..]) > (ulong)_data.Length)
                throw new AbiDecodingException($"ABI data is malformed: the {what} length at byte {pos} (0x{Convert.ToHexStringLower(word).TrimStart('0')}) exceeds the {_data.Length}-byte data.");
            return (int)BinaryPrimitives.ReadUInt64BigEndian(word[24..]);
        }

        public object? ReadValue(AbiType type, int pos)
        {
            switch (type)
            {
                case UIntType u:
                {
                    var w = Word(pos);
                    int pad = 32 - u.Bits / 8;
                    if (w[..pad].IndexOfAnyExcept((byte)0) >= 0)
                        throw new AbiDecodingException($"ABI data is not canonical: the {u.CanonicalName} at byte {pos} has non-zero padding bits (value does not fit {u.CanonicalName}).");
                    int first = w.IndexOfAnyExcept((byte)0);
                    return first < 0 ? BigInteger.Zero : new BigInteger(w[first..], isUnsigned: true, isBigEndian: true);
                }
                case IntType s:
                {
                    var w = Word(pos);
                    int pad = 32 - s.Bits / 8;
                    byte sign = (w[pad] & 0x80) != 0 ? (byte)0xFF : (byte)0;
                    if (w[..pad].IndexOfAnyExcept(sign) >= 0)
                        throw new AbiDecodingException($"ABI data is not canonical: the {s.CanonicalName} at byte {pos} is not sign-extended (value does not fit {s.CanonicalName}).");
                    return new BigInteger(w[pad..], isUnsigned: false, isBigEndian: true);
                }
                case AddressType:
                {
                    var w = Word(pos);
                    if (w[..12].IndexOfAnyExcept((byte)0) >= 0)
                        throw new AbiDecodingException($"ABI data is not canonical: the address at byte {pos} has non-zero upper 12 bytes.");
                    return new Address(w[12..]);
                }
                case BoolType:
                {
                    var w = Word(pos);
                    if (w[..31].IndexOfAnyExcept((byte)0) >= 0 || w[31] > 1)
                        throw new AbiDecodingException($"ABI data is not canonical: the bool at byte {pos} is neither 0 nor 1.");
                    return w[31] == 1;
                }
                case FixedBytesType f:
                {
                    var w = Word(pos);
                    if (w[f.Size..].IndexOfAnyExcept((byte)0) >= 0)
                        throw new AbiDecodingException($"ABI data is not canonical: the {f.CanonicalName} at byte {pos} has non-zero padding after its {f.Size} bytes.");
                    return w[..f.Size].ToArray();
                }
                case BytesType:
                    return ReadBytes(pos, "bytes").ToArray();
                case StringType:
                {
                    var bytes = ReadBytes(pos, "string");
                    try { return StrictUtf8.GetString(bytes); }
                    catch (DecoderFallbackException) { throw new AbiDecodingException($"ABI data is malformed: the string at byte {pos} is not valid UTF-8."); }
                }
                case ArrayType a:
                    if (a.Length is { } n) return ReadSequence(a.Element, n, pos);
                    return ReadSequence(a.Element, ReadLength(pos, "array"), pos + 32);
                case TupleType t:
                {
                    var comps = t.ComponentArray;
                    long headSize = 0;
                    foreach (var c in comps) headSize += c.HeadSize;
                    if (headSize > _data.Length - pos)
                        throw new AbiDecodingException($"ABI data is truncated: the tuple {t.CanonicalName} at byte {pos} needs {headSize} head bytes, only {_data.Length - pos} remain.");
                    var result = new object?[comps.Length];
                    int head = pos;
                    for (int i = 0; i < comps.Length; i++)
                    {
                        var c = comps[i];
                        result[i] = c.IsDynamic ? ReadValue(c, ReadOffset(head, pos)) : ReadValue(c, head);
                        head += c.HeadSize;
                    }
                    return result;
                }
                default:
                    throw new AbiDecodingException($"Unsupported ABI type {type.CanonicalName}.");
            }
        }

        private ReadOnlySpan<byte> ReadBytes(int pos, string what)
        {
            int length = ReadLength(pos, what);
            int start = pos + 32;
            int padded = AbiEncoder.Pad32(length);
            if (padded > _data.Length - start)
                throw new AbiDecodingException($"ABI data is truncated: the {what} at byte {pos} declares {length} bytes, but only {_data.Length - start} bytes follow.");
            Spend(padded, pos);
            if (_data.Slice(start + length, padded - length).IndexOfAnyExcept((byte)0) >= 0)
                throw new AbiDecodingException($"ABI data is not canonical: the {what} at byte {pos} has non-zero padding after its {length} bytes.");
            return _data.Slice(start, length);
        }

        private object?[] ReadSequence(AbiType element, int count, int start)
        {
            long needed = (long)count * element.HeadSize;
            if (needed > _data.Length - start)
                throw new AbiDecodingException($"ABI data is malformed: an array of {count} {element.CanonicalName} at byte {start} needs at least {needed} bytes, only {_data.Length - start} remain.");
            var result = new object?[count];
            int step = element.HeadSize, head = start;
            bool dynamic = element.IsDynamic;
            for (int i = 0; i < count; i++)
            {
                result[i] = dynamic ? ReadValue(element, ReadOffset(head, start)) : ReadValue(element, head);
                head += step;
            }
            return result;
        }
    }
}
