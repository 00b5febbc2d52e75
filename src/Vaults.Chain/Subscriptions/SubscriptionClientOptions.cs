namespace Vaults.Chain;

/// <summary>Settings of <see cref="SubscriptionClient"/>.</summary>
public sealed record SubscriptionClientOptions
{
    /// <summary>The per-call timeout, linked with the caller's token. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The connect (handshake) timeout. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first delay before a subscription reconnects; doubled per failed attempt (with jitter). Default 250 ms.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The largest reconnect delay. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Watchdog: when no message arrived for this long, probe with <c>eth_blockNumber</c>; if the probe fails within
    /// <see cref="ProbeTimeout"/>, the connection is dropped and subscriptions reconnect. Null disables it. Default 60 s.
    /// </summary>
    public TimeSpan? IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The watchdog probe's timeout. Default 10 s.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a reconnect, at most this many missed block headers are fetched for <c>newHeads</c> subscribers; and when a log stream finds
    /// that none of the blocks it delivered from is canonical any more (a deep reorg or a restarted development chain), its backfill
    /// starts at most this many blocks back. Default 128.
    /// </summary>
    public int MaxHeaderBackfill { get; init; } = 128;

    /// <summary>Creates the transport for each connection; defaults to <see cref="ClientWebSocketTransport"/>.</summary>
    public Func<IWebSocketTransport>? TransportFactory { get; init; }

    /// <summary>The defaults.</summary>
    public static SubscriptionClientOptions Default { get; } = new();
}
