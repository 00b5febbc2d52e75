using System.Buffers.Binary;
using System.Globalization;
using Nethereum.Util;
using Vaults.Chain;

namespace Vaults.Keeper.Index;

/// <summary>
/// <c>--shard i/n</c>: the keeper owns the vaults whose address hash mod <see cref="Count"/> equals <see cref="Index"/>.
/// The hash is the first 8 bytes of keccak256(address) (big-endian), the same in every process and on every machine.
/// </summary>
public readonly record struct KeeperShard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    public KeeperShard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "A shard count is at least 1.");
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"A shard index is in [0, {count}).");
        Index = index;
        Count = count;
    }

    /// <summary>The one shard that owns every vault (0/1).</summary>
    public static KeeperShard All => new(0, 1);

    /// <summary>This shard's index, in [0, <see cref="Count"/>).</summary>
    public int Index { get; }

    /// <summary>The number of shards (at least 1, except in a default instance, which owns everything like 0/1).</summary>
    public int Count { get; }

    /// <summary>True when this shard owns <paramref name="vault"/>.</summary>
    public bool Owns(Address vault) => Count <= 1 || (int)(HashOf(vault) % (ulong)Count) == Index;

    /// <summary>The shard hash of an address.</summary>
    public static ulong HashOf(Address vault)
    {
        var hash = Sha3Keccack.Current.CalculateHash(vault.ToArray());
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>Parses "i/n" (e.g. "0/3").</summary>
    /// <exception cref="FormatException">Not of the form i/n with 0 &lt;= i &lt; n.</exception>
    public static KeeperShard Parse(string text)
    {
        var parts = text?.Split('/') ?? [];
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
            return new KeeperShard(i, n);
        throw new FormatException($"A shard is i/n with 0 <= i < n (e.g. 0/2), not '{text}'.");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
