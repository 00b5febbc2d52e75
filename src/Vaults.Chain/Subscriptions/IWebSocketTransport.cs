namespace Vaults.Chain;

/// <summary>
/// One WebSocket connection carrying whole JSON text messages. <see cref="SubscriptionClient"/> creates a fresh transport per (re)connection
/// through <see cref="SubscriptionClientOptions.TransportFactory"/>, so tests can substitute their own.
/// </summary>
public interface IWebSocketTransport : IAsyncDisposable
{
    /// <summary>Opens the connection.</summary>
    Task ConnectAsync(Uri uri, CancellationToken ct);

    /// <summary>Sends one complete text message. Callers may call concurrently; implementations serialise sends.</summary>
    Task SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken ct);

    /// <summary>Receives one complete message, or null when the peer closed the connection. Called from one loop only.</summary>
    Task<byte[]?> ReceiveAsync(CancellationToken ct);

    /// <summary>Tears the connection down immediately.</summary>
    void Abort();
}
