using System.Buffers;
using System.Net.WebSockets;

namespace Vaults.Chain;

/// <summary>The default <see cref="IWebSocketTransport"/>, over <see cref="ClientWebSocket"/>.</summary>
public sealed class ClientWebSocketTransport : IWebSocketTransport
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>The largest message accepted (64 MiB; large eth_getLogs answers can be big).</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <inheritdoc />
    public Task ConnectAsync(Uri uri, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            _socket.Options.SetRequestHeader("Authorization", RpcUrl.BasicAuth(uri)!.ToString());
            uri = RpcUrl.WithoutUserInfo(uri);
        }
        return _socket.ConnectAsync(uri, ct);
    }

    /// <inheritdoc />
    public async Task SendAsync(ReadOnlyMemory<byte> utf8Message, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(utf8Message, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > MaxMessageBytes)
                throw new WebSocketException($"A WebSocket message exceeded {MaxMessageBytes} bytes.");
            if (result.EndOfMessage) return buffer.WrittenSpan.ToArray();
        }
    }

    /// <inheritdoc />
    public void Abort() => _socket.Abort();

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
