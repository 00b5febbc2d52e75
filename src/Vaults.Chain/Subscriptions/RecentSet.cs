namespace Vaults.Chain;

/// <summary>A set of strings that forgets the oldest entries beyond a capacity (bounded de-duplication of block hashes).</summary>
internal sealed class RecentSet(int capacity)
{
    private readonly HashSet<string> _items = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _order = new();

    public bool Add(string item)
    {
        if (!_items.Add(item)) return false;
        _order.Enqueue(item);
        while (_order.Count > capacity) _items.Remove(_order.Dequeue());
        return true;
    }
}
