using Vaults.Chain;

namespace Vaults.Keeper.Index;

/// <summary>
/// The in-memory index of open vaults: per market and side, a red-black tree keyed by (liquidation price, address),
/// plus a dictionary by address. A price yields the vaults whose liquidation price it crosses in O(log n + k)
/// (longs at or above the price, shorts at or below it); upsert and remove are O(log n).
/// </summary>
/// <remarks>Not thread-safe: one keeper loop owns it.</remarks>
public sealed class VaultIndex
{
    private readonly Dictionary<Address, VaultRecord> _byAddress = [];
    private readonly Dictionary<(uint Market, VaultSide Side), SortedSet<VaultRecord>> _books = [];

    /// <summary>The number of indexed vaults.</summary>
    public int Count => _byAddress.Count;

    /// <summary>Every indexed vault, in no particular order.</summary>
    public IEnumerable<VaultRecord> Vaults => _byAddress.Values;

    /// <summary>The markets with at least one indexed vault (or that had one).</summary>
    public IEnumerable<uint> Markets => _books.Keys.Select(k => k.Market).Distinct();

    /// <summary>Every indexed vault of <paramref name="marketId"/>, both sides.</summary>
    public IReadOnlyList<VaultRecord> VaultsOf(uint marketId) =>
        [.. BookOrEmpty(marketId, VaultSide.Long), .. BookOrEmpty(marketId, VaultSide.Short)];

    /// <summary>The record of <paramref name="vault"/>, if indexed.</summary>
    public bool TryGet(Address vault, out VaultRecord record) => _byAddress.TryGetValue(vault, out record!);

    /// <summary>Adds or replaces the record of <paramref name="record"/>'s vault.</summary>
    public void Upsert(VaultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_byAddress.TryGetValue(record.Vault, out var old))
            Book(old.MarketId, old.Side).Remove(old);
        _byAddress[record.Vault] = record;
        Book(record.MarketId, record.Side).Add(record);
    }

    /// <summary>Removes <paramref name="vault"/>; false when it was not indexed.</summary>
    public bool Remove(Address vault)
    {
        if (!_byAddress.Remove(vault, out var old)) return false;
        Book(old.MarketId, old.Side).Remove(old);
        return true;
    }

    /// <summary>Removes every vault.</summary>
    public void Clear()
    {
        _byAddress.Clear();
        _books.Clear();
    }

    /// <summary>
    /// The vaults of <paramref name="marketId"/> on <paramref name="side"/> whose liquidation price <paramref name="price"/> crosses,
    /// the most endangered first (longs by descending liquidation price, shorts by ascending).
    /// </summary>
    public IReadOnlyList<VaultRecord> Candidates(uint marketId, VaultSide side, UInt256 price)
    {
        if (!_books.TryGetValue((marketId, side), out var book) || book.Count == 0) return [];
        var result = new List<VaultRecord>();
        // Lazy in-order walks from the end that is crossed first (O(log n) to start, O(1) amortised per step),
        // stopped at the first vault not crossed: O(log n + k). (GetViewBetween recounts its subtree and was slower.)
        if (side == VaultSide.Long)
        {
            foreach (var r in book.Reverse())
            {
                if (r.LiquidationPrice < price) break;
                result.Add(r);
            }
        }
        else
        {
            foreach (var r in book)
            {
                if (r.LiquidationPrice > price) break;
                result.Add(r);
            }
        }
        return result;
    }

    /// <summary>The candidates of both sides of <paramref name="marketId"/> at <paramref name="price"/>.</summary>
    public IReadOnlyList<VaultRecord> Candidates(uint marketId, UInt256 price) =>
        [.. Candidates(marketId, VaultSide.Long, price), .. Candidates(marketId, VaultSide.Short, price)];

    private IEnumerable<VaultRecord> BookOrEmpty(uint marketId, VaultSide side) =>
        _books.TryGetValue((marketId, side), out var book) ? book : [];

    private SortedSet<VaultRecord> Book(uint marketId, VaultSide side)
    {
        if (!_books.TryGetValue((marketId, side), out var book))
            _books[(marketId, side)] = book = new SortedSet<VaultRecord>(ByLiquidationPrice.Instance);
        return book;
    }

    private sealed class ByLiquidationPrice : IComparer<VaultRecord>
    {
        public static readonly ByLiquidationPrice Instance = new();

        public int Compare(VaultRecord? x, VaultRecord? y)
        {
            int c = x!.LiquidationPrice.CompareTo(y!.LiquidationPrice);
            return c != 0 ? c : x.Vault.CompareTo(y.Vault);
        }
    }
}
