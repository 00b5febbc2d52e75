namespace Vaults.Ethereum.Rlp;

/// <summary>
/// Strict RLP decoding into an <see cref="RlpItem"/> tree.
/// <para>
/// Strict means every input has exactly one accepted encoding, which is what consensus code (and transaction
/// hashes) depend on: a single byte below 0x80 must not be wrapped (0x8100), the long form must not be used for
/// lengths up to 55 (0xb801ff), length prefixes must not have leading zeros (0xb90040...), lengths must not run past
/// the input, list payloads must be filled exactly by their items, and nothing may follow the top-level item.
/// Each violation throws <see cref="RlpException"/> naming the rule and the offset.
/// </para>
/// </summary>
public static class RlpDecoder
{
    /// <summary>Deepest list nesting accepted; stops hostile input from exhausting the stack.</summary>
    public const int MaxDepth = 1024;

    /// <summary>Decodes exactly one item spanning the whole input.</summary>
    /// <exception cref="RlpException">Empty, truncated, non-canonical, or trailing bytes.</exception>
    public static RlpItem Decode(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) throw new RlpException("Cannot decode RLP: the input is empty.");
        int consumed = DecodeItem(input, 0, 0, out var item);
        if (consumed != input.Length)
            throw new RlpException($"Trailing bytes after the RLP item: the item ends at offset {consumed} but the input is {input.Length} bytes.");
        return item;
    }

    /// <summary>Decodes exactly one item spanning the whole array.</summary>
    public static RlpItem Decode(byte[] input) => Decode((ReadOnlySpan<byte>)(input ?? throw new ArgumentNullException(nameof(input))));

    // Returns the offset just past the decoded item.
    private static int DecodeItem(ReadOnlySpan<byte> input, int offset, int depth, out RlpItem item)
    {
        var (payloadOffset, payloadLength, isList) = ReadHeader(input, offset);
        int end = payloadOffset + payloadLength;
        if (!isList)
        {
            item = RlpItem.FromBytes(input.Slice(payloadOffset, payloadLength).ToArray());
            return end;
        }
        if (depth >= MaxDepth) throw new RlpException($"RLP lists nested deeper than {MaxDepth} levels at offset {offset}.");
        var children = new List<RlpItem>();
        int position = payloadOffset;
        while (position < end)
        {
            int next = DecodeItem(input[..end], position, depth + 1, out var child);
            children.Add(child);
            position = next;
        }
        item = RlpItem.FromList([.. children]);
        return end;
    }

    private static (int PayloadOffset, int PayloadLength, bool IsList) ReadHeader(ReadOnlySpan<byte> input, int offset)
    {
        if (offset >= input.Length) throw new RlpException($"Truncated RLP: expected an item at offset {offset}, but the enclosing data ends there.");
        byte prefix = input[offset];
        if (prefix < 0x80) return (offset, 1, false);
        if (prefix <= 0xb7)
        {
            int length = prefix - 0x80;
            CheckBounds(input, offset + 1, length, offset);
            if (length == 1 && input[offset + 1] < 0x80)
                throw new RlpException($"Non-canonical RLP at offset {offset}: single byte 0x{input[offset + 1]:x2} below 0x80 must be encoded as itself, not with a 0x81 prefix.");
            return (offset + 1, length, false);
        }
        if (prefix <= 0xbf)
        {
            int length = ReadLongLength(input, offset, prefix - 0xb7, "string");
            return (offset + 1 + prefix - 0xb7, length, false);
        }
        if (prefix <= 0xf7)
        {
            int length = prefix - 0xc0;
            CheckBounds(input, offset + 1, length, offset);
            return (offset + 1, length, true);
        }
        {
            int length = ReadLongLength(input, offset, prefix - 0xf7, "list");
            return (offset + 1 + prefix - 0xf7, length, true);
        }
    }

    private static int ReadLongLength(ReadOnlySpan<byte> input, int offset, int lengthOfLength, string kind)
    {
        if (offset + 1 + lengthOfLength > input.Length)
            throw new RlpException($"Truncated RLP {kind} at offset {offset}: its {lengthOfLength}-byte length prefix runs past the end of the data.");
        var lengthBytes = input.Slice(offset + 1, lengthOfLength);
        if (lengthBytes[0] == 0)
            throw new RlpException($"Non-canonical RLP {kind} at offset {offset}: the length prefix has a leading zero byte.");
        if (lengthOfLength > 4)
            throw new RlpException($"RLP {kind} at offset {offset} declares a {lengthOfLength}-byte length, larger than any input this decoder accepts.");
        long length = 0;
        foreach (var b in lengthBytes) length = (length << 8) | b;
        if (length <= 55)
            throw new RlpException($"Non-canonical RLP {kind} at offset {offset}: length {length} must use the short form (long form is only for lengths above 55).");
        if (length > int.MaxValue)
            throw new RlpException($"RLP {kind} at offset {offset} declares length {length}, larger than any input this decoder accepts.");
        CheckBounds(input, offset + 1 + lengthOfLength, (int)length, offset);
        return (int)length;
    }

    private static void CheckBounds(ReadOnlySpan<byte> input, int payloadOffset, int length, int itemOffset)
    {
        if ((long)payloadOffset + length > input.Length)
            throw new RlpException($"Truncated RLP at offset {itemOffset}: declares {length} payload bytes but only {Math.Max(0, input.Length - payloadOffset)} remain in the enclosing data.");
    }
}
