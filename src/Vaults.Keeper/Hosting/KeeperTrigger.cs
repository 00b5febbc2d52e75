using System.Diagnostics;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// Coalesces triggers (price updates, new blocks, retries) into at most one pending round: a trigger during a round marks
/// "run again" instead of queueing one round per event. Remembers when the oldest pending trigger was observed, for the latency metric.
/// </summary>
internal sealed class KeeperTrigger
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _pending = new(0, 1);
    private bool _signalled;
    private long _observedAt;

    /// <summary>Requests a round; <paramref name="observedAt"/> is a <see cref="Stopwatch"/> timestamp (now when null).</summary>
    public void Signal(long? observedAt = null)
    {
        lock (_lock)
        {
            if (_signalled) return; // a round is already pending: it will see this event's effects too
            _signalled = true;
            _observedAt = observedAt ?? Stopwatch.GetTimestamp();
            _pending.Release();
        }
    }

    /// <summary>Waits for a pending round and takes it; returns when its first trigger was observed.</summary>
    public async Task<long> WaitAsync(CancellationToken ct)
    {
        await _pending.WaitAsync(ct).ConfigureAwait(false);
        lock (_lock)
        {
            _signalled = false;
            return _observedAt;
        }
    }
}
