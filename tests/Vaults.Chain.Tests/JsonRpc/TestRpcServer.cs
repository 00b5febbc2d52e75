using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Vaults.Ethereum.Tests.JsonRpc;

/// <summary>What the test server received.</summary>
internal sealed record ReceivedRequest(string Body, string? Authorization, string Path)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>What the test server answers.</summary>
internal sealed record CannedReply(string Body, int Status = 200, string ContentType = "application/json", TimeSpan Delay = default);

/// <summary>
/// An in-process HTTP + WebSocket server on 127.0.0.1 (System.Net.HttpListener on a free port).
/// HTTP requests go to <see cref="HttpHandler"/>; WebSocket upgrades go to <see cref="WebSocketHandler"/> with a connection index.
/// </summary>
internal sealed class TestRpcServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    public Func<ReceivedRequest, CannedReply> HttpHandler { get; set; } = _ => new CannedReply("{}");
    public Func<WebSocket, int, CancellationToken, Task> WebSocketHandler { get; set; } = (_, _, _) => Task.CompletedTask;
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public string WsUrl => $"ws://127.0.0.1:{Port}/";
    public int WebSocketConnections => Volatile.Read(ref _connections);

    private TestRpcServer(HttpListener listener, int port)
    {
        _listener = listener;
        Port = port;
        _loop = Task.Run(AcceptLoop);
    }

    public static TestRpcServer Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new TestRpcServer(listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public static TestRpcServer Start(Func<ReceivedRequest, CannedReply> handler)
    {
        var server = Start();
        server.HttpHandler = handler;
        return server;
    }

    /// <summary>A port that was free a moment ago and on which nothing listens (for "connection refused").</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            _ = Task.Run(() => Handle(context));
        }
    }

    private async Task Handle(HttpListenerContext context)
    {
        try
        {
            if (context.Request.IsWebSocketRequest)
            {
                var ws = await context.AcceptWebSocketAsync(null);
                var index = Interlocked.Increment(ref _connections) - 1;
                try
                {
                    await WebSocketHandler(ws.WebSocket, index, _stop.Token);
                }
                finally
                {
                    ws.WebSocket.Dispose();
                }
                return;
            }
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
            var request = new ReceivedRequest(body, context.Request.Headers["Authorization"], context.Request.Url!.AbsolutePath);
            Requests.Enqueue(request);
            var reply = HttpHandler(request);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, _stop.Token);
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, _stop.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            try { context.Response.Abort(); } catch (Exception) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        await Task.WhenAny(_loop, Task.Delay(2000));
        _stop.Dispose();
    }
}

/// <summary>Helpers for WebSocket test servers.</summary>
internal static class WsTestExtensions
{
    public static async Task<JsonElement?> ReceiveJsonAsync(this WebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await ws.ReceiveAsync(buffer, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                return null;
            }
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) break;
        }
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    public static Task SendJsonAsync(this WebSocket ws, string json, CancellationToken ct) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, ct);
}
