using System.Numerics;

namespace Vaults.Chain;

/// <summary>
/// The hashes of the most recent blocks a log stream delivered logs from, bounded to <c>capacity</c> blocks. After a reconnect the
/// stream compares them with the canonical chain to notice that the chain was reorganised or reset below its cursor.
/// </summary>
internal sealed class BlockHashHistory(int capacity = 32)
{
    private readonly SortedList<BigInteger, string> _blocks = [];

    public BigInteger? Oldest => _blocks.Count == 0 ? null : _blocks.Keys[0];

    public bool IsEmpty => _blocks.Count == 0;

    public void Add(BigInteger number, string hash)
    {
        _blocks[number] = hash;
        while (_blocks.Count > capacity) _blocks.RemoveAt(0);
    }

    /// <summary>Newest first.</summary>
    public (BigInteger Number, string Hash)[] Descending() =>
        _blocks.Reverse().Select(kv => (kv.Key, kv.Value)).ToArray();

    /// <summary>Forgets every block at or above <paramref name="number"/> (they are no longer canonical).</summary>
    public void ForgetFrom(BigInteger number)
    {
        while (_blocks.Count > 0 && _blocks.Keys[^1] >= number) _blocks.RemoveAt(_blocks.Count - 1);
    }
}
