using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP(S). All instances share one <see cref="HttpClient"/> per connect-timeout setting
/// (a <see cref="SocketsHttpHandler"/> with a pooled-connection lifetime, so no socket exhaustion and DNS changes are honoured).
/// Every call has its own timeout (<see cref="RpcClientOptions.Timeout"/>) linked with the caller's token; HttpClient's 100 s default plays no part.
/// User info in the URL is sent as HTTP Basic authorization and never appears in messages. A ws/wss URL is mapped to http/https.
/// Thread-safe.
/// </summary>
public sealed class RpcClient : IClient
{
    private static readonly ConcurrentDictionary<(TimeSpan Connect, TimeSpan Lifetime), HttpClient> SharedClients = new();
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _requestUri;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly RpcClientOptions _options;
    private readonly JsonSerializerOptions _json;
    private long _nextId;

    /// <summary>Creates a client for <paramref name="url"/> (http, https, ws or wss).</summary>
    /// <exception cref="ArgumentException">The URL is empty, relative or has another scheme.</exception>
    public RpcClient(string url, RpcClientOptions? options = null)
        : this(RpcUrl.Parse(url, nameof(url)), options) { }

    /// <summary>
    /// Creates a client for <paramref name="url"/>. Pass <paramref name="httpClient"/> to use your own (e.g. from IHttpClientFactory);
    /// its own Timeout should then be infinite or longer than <see cref="RpcClientOptions.Timeout"/>.
    /// </summary>
    public RpcClient(Uri url, RpcClientOptions? options = null, HttpClient? httpClient = null)
    {
        var uri = RpcUrl.WithScheme(RpcUrl.Check(url, nameof(url)), webSocket: false);
        _options = options ?? RpcClientOptions.Default;
        if (_options.Timeout <= TimeSpan.Zero && _options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(options), _options.Timeout, "The RPC timeout must be positive.");
        _json = _options.JsonSerializerOptions ?? RpcJson.Options;
        _auth = RpcUrl.BasicAuth(uri);
        _requestUri = RpcUrl.WithoutUserInfo(uri);
        RedactedUrl = RpcUrl.Redact(uri);
        _http = httpClient ?? SharedClients.GetOrAdd((_options.ConnectTimeout, _options.PooledConnectionLifetime), static key => new HttpClient(
            new SocketsHttpHandler
            {
                PooledConnectionLifetime = key.Lifetime,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                ConnectTimeout = key.Connect,
                AutomaticDecompression = DecompressionMethods.All,
            }, disposeHandler: false)
        { Timeout = System.Threading.Timeout.InfiniteTimeSpan });
    }

    /// <summary>The node URL as shown in messages (no credentials, query or API-key path segments).</summary>
    public string RedactedUrl { get; }

    /// <summary>The per-call timeout.</summary>
    public TimeSpan Timeout => _options.Timeout;

    /// <inheritdoc />
    public async Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Interlocked.Increment(ref _nextId);
        var body = RpcMessages.SerializeRequest(id, request, _json);
        using var document = await PostAsync(body, request.Method, ct).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
            throw new RpcInvalidResponseException(request.Method, RedactedUrl, "expected a single response object, got an array");
        var response = RpcMessages.TryParseResponse(root, out var problem)
            ?? throw new RpcInvalidResponseException(request.Method, RedactedUrl, problem);
        if (response.Error is null && response.Id != id)
            throw new RpcInvalidResponseException(request.Method, RedactedUrl, $"the response id {response.Id?.ToString() ?? "null"} does not match the request id {id}");
        return (response with { Method = request.Method, Url = RedactedUrl }).GetResult<T>(_json);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) return [];
        var numbered = new (long Id, RpcRequest Request)[requests.Count];
        for (int i = 0; i < numbered.Length; i++)
            numbered[i] = (Interlocked.Increment(ref _nextId), requests[i] ?? throw new ArgumentException($"Batch entry {i} is null.", nameof(requests)));
        var body = RpcMessages.SerializeBatch(numbered, _json);
        var label = $"batch of {requests.Count}";
        using var document = await PostAsync(body, label, ct).ConfigureAwait(false);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            // A node that rejects the whole batch answers with a single error object.
            var single = RpcMessages.TryParseResponse(root, out var problem) ?? throw new RpcInvalidResponseException(label, RedactedUrl, problem);
            if (single.Error is not null) throw new RpcResponseException(label, RedactedUrl, single.Error);
            throw new RpcInvalidResponseException(label, RedactedUrl, "expected an array of responses, got a single result");
        }
        if (root.ValueKind != JsonValueKind.Array)
            throw new RpcInvalidResponseException(label, RedactedUrl, $"expected an array of responses, got {root.ValueKind}");
        return Correlate(numbered, root, label, RedactedUrl);
    }

    internal static IReadOnlyList<RpcResponse> Correlate((long Id, RpcRequest Request)[] numbered, JsonElement array, string label, string url)
    {
        var byId = new Dictionary<long, RpcResponse>();
        foreach (var element in array.EnumerateArray())
        {
            var response = RpcMessages.TryParseResponse(element, out var problem) ?? throw new RpcInvalidResponseException(label, url, problem);
            if (response.Id is { } id) byId[id] = response;
        }
        var result = new RpcResponse[numbered.Length];
        for (int i = 0; i < numbered.Length; i++)
        {
            var (id, request) = numbered[i];
            if (!byId.TryGetValue(id, out var response))
                throw new RpcInvalidResponseException(label, url, $"no response for request id {id} ({request.Method})");
            result[i] = response with { Method = request.Method, Url = url };
        }
        return result;
    }

    private async Task<JsonDocument> PostAsync(byte[] body, string method, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (_options.Timeout != System.Threading.Timeout.InfiniteTimeSpan) timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonContentType;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_auth is not null) request.Headers.Authorization = _auth;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            JsonDocument? document = null;
            try
            {
                if (bytes.Length > 0) document = JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
            }
            if (!response.IsSuccessStatusCode)
            {
                if (document is not null && RpcMessages.LooksLikeResponse(document.RootElement)) return document;
                document?.Dispose();
                throw new RpcHttpStatusException(method, RedactedUrl, response.StatusCode, response.ReasonPhrase, RpcJson.Snippet(Encoding.UTF8.GetString(bytes)));
            }
            if (document is null)
            {
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "none";
                throw new RpcInvalidResponseException(method, RedactedUrl, bytes.Length == 0
                    ? "the body is empty"
                    : $"the body is not JSON (Content-Type {mediaType}): {RpcJson.Snippet(Encoding.UTF8.GetString(bytes))}");
            }
            return document;
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested) throw new RpcClientTimeoutException(method, RedactedUrl, _options.Timeout, e);
            throw new RpcClientUnknownException($"Cannot reach JSON-RPC node at {RedactedUrl}: connect timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s", method, RedactedUrl, e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e, method, RedactedUrl);
        }
        catch (IOException e)
        {
            throw new RpcClientUnknownException($"Connection to JSON-RPC node at {RedactedUrl} failed during {method}: {Reason(e)}", method, RedactedUrl, e);
        }
    }

    private static RpcClientUnknownException Unreachable(HttpRequestException e, string method, string url) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError
            ? new RpcClientUnknownException($"Cannot reach JSON-RPC node at {url}: {Reason(e)}", method, url, e)
            : new RpcClientUnknownException($"Connection to JSON-RPC node at {url} failed during {method}: {Reason(e)}", method, url, e);

    /// <summary>A short, one-line cause ("connection refused", "host not found"...).</summary>
    internal static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connect timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.ConnectionAborted => "connection aborted",
                    _ => RpcJson.Snippet(socket.Message, 120),
                };
            }
        }
        if (e is HttpRequestException http)
        {
            switch (http.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError: return "name resolution failed";
                case HttpRequestError.SecureConnectionError: return "TLS handshake failed";
                case HttpRequestError.ResponseEnded: return "the server closed the connection before answering";
                case HttpRequestError.InvalidResponse: return "the server sent an invalid HTTP response";
            }
        }
        return RpcJson.Snippet(e.Message, 160);
    }
}
