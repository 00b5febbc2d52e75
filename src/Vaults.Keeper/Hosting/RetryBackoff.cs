namespace Vaults.Keeper.Hosting;

/// <summary>Delays between retries of a failed keeper step: 200 ms, doubling up to 10 s, back to 200 ms after a success.</summary>
internal sealed class RetryBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);
    private TimeSpan _next = First;

    /// <summary>The delay before the next retry (the following one will be twice as long, up to the maximum).</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Max.Ticks));
        return delay;
    }

    /// <summary>After a success: the next failure waits the shortest delay again.</summary>
    public void Reset() => _next = First;
}
