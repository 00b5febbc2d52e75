using Vaults.Ethereum.Rlp;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>RLP pieces shared by the transaction types (sizes first, then in-place writes into one exact buffer).</summary>
internal static class TransactionEncoding
{
    public static int LengthOfTo(Address? to) => to is null ? 1 : 21;

    public static int WriteTo(Span<byte> destination, Address? to) =>
        to is { } address ? RlpEncoder.WriteString(destination, address.Bytes) : RlpEncoder.WriteString(destination, ReadOnlySpan<byte>.Empty);

    public static int PayloadLengthOfAccessList(IReadOnlyList<AccessListItem>? list)
    {
        if (list is null) return 0;
        int total = 0;
        foreach (var item in list) total += RlpEncoder.LengthOfList(PayloadLengthOfItem(item));
        return total;
    }

    private static int PayloadLengthOfItem(AccessListItem item) => 21 + RlpEncoder.LengthOfList(33 * item.StorageKeys.Count);

    public static int WriteAccessList(Span<byte> destination, IReadOnlyList<AccessListItem>? list)
    {
        int offset = RlpEncoder.WriteListHeader(destination, PayloadLengthOfAccessList(list));
        if (list is null) return offset;
        foreach (var item in list)
        {
            offset += RlpEncoder.WriteListHeader(destination[offset..], PayloadLengthOfItem(item));
            offset += RlpEncoder.WriteString(destination[offset..], item.Address.Bytes);
            offset += RlpEncoder.WriteListHeader(destination[offset..], 33 * item.StorageKeys.Count);
            foreach (var key in item.StorageKeys)
            {
                if (key.Length != 32) throw new ArgumentException($"Access-list storage keys must be 32 bytes, got {key.Length}.");
                offset += RlpEncoder.WriteString(destination[offset..], key);
            }
        }
        return offset;
    }

    /// <summary>r and s are RLP integers: leading zero bytes are dropped.</summary>
    public static ReadOnlySpan<byte> TrimInteger(ReadOnlySpan<byte> bytes)
    {
        int start = bytes.IndexOfAnyExcept((byte)0);
        return start < 0 ? ReadOnlySpan<byte>.Empty : bytes[start..];
    }
}
