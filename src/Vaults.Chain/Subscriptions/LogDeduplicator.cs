using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain;

/// <summary>
/// Remembers delivered logs by (blockHash, logIndex), bounded to the most recent <c>capacity</c> entries.
/// Removed logs (reorgs) always pass and forget their key, so a later re-inclusion is delivered again.
/// </summary>
internal sealed class LogDeduplicator(int capacity = 10_000)
{
    private readonly HashSet<(string, string)> _seen = [];
    private readonly Queue<(string, string)> _order = new();

    public bool Accept(FilterLog log)
    {
        var key = (log.BlockHash?.ToLowerInvariant() ?? "", log.LogIndex?.HexValue ?? "");
        if (log.Removed)
        {
            _seen.Remove(key);
            return true;
        }
        if (!_seen.Add(key)) return false;
        _order.Enqueue(key);
        while (_order.Count > capacity) _seen.Remove(_order.Dequeue());
        return true;
    }
}
