using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Vaults.Chain;

/// <summary>
/// <c>eth_subscribe</c> streams over one WebSocket that survive the node: Nethereum's WebSocket clients are not served here, so this is
/// the project's own, and it yields Nethereum's <see cref="FilterLog"/> and <see cref="Block"/> types.
/// </summary>
/// <remarks>
/// <para>The connection opens lazily and reopens after it drops. Subscriptions (<see cref="SubscribeLogsAsync"/>,
/// <see cref="SubscribeNewHeadsAsync"/>) reconnect with exponential backoff, resubscribe and backfill: logs with <c>eth_getLogs</c> from the
/// last delivered block (deduplicated by (blockHash, logIndex)), headers with <c>eth_getBlockByNumber</c>. A watchdog
/// (<see cref="SubscriptionClientOptions.IdleTimeout"/>) probes silent connections with <c>eth_blockNumber</c> and drops them when the probe
/// fails, so a subscription never stops silently. Logs with <c>removed: true</c> are delivered: consumers must handle reorgs.</para>
/// <para>Parameters and results go through Nethereum's JSON settings, so Nethereum's DTOs serialise exactly as over HTTP.</para>
/// </remarks>
public sealed class SubscriptionClient : IAsyncDisposable
{
    private static readonly JsonSerializerSettings JsonSettings = DefaultJsonSerializerSettingsFactory.BuildDefaultJsonSerializerSettings();
    private static readonly JsonSerializer Json = JsonSerializer.Create(JsonSettings);

    private readonly Uri _uri;
    private readonly SubscriptionClientOptions _options;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Connection? _current;
    private long _nextId;
    private int _connectionCount;

    /// <summary>Creates a client for <paramref name="url"/> (ws or wss; http/https are mapped to ws/wss).</summary>
    /// <exception cref="ArgumentException">The URL is empty, relative or has another scheme.</exception>
    public SubscriptionClient(string url, SubscriptionClientOptions? options = null)
    {
        _uri = RpcUrl.WithScheme(RpcUrl.Parse(url, nameof(url)), webSocket: true);
        _options = options ?? SubscriptionClientOptions.Default;
        RedactedUrl = RpcUrl.Redact(_uri);
    }

    /// <summary>The node URL as shown in messages (no credentials, query or API-key path segments).</summary>
    public string RedactedUrl { get; }

    /// <summary>How many connections have been opened so far (1 + reconnects).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>One JSON-RPC request over the WebSocket, the result deserialised with Nethereum's settings.</summary>
    /// <exception cref="RpcResponseException">The node answered with an error.</exception>
    /// <exception cref="RpcClientUnknownException">The connection could not be opened or was lost.</exception>
    /// <exception cref="RpcClientTimeoutException">No answer within <see cref="SubscriptionClientOptions.RequestTimeout"/>.</exception>
    public async Task<T?> SendRequestAsync<T>(string method, CancellationToken ct, params object?[] parameters)
    {
        var connection = await GetConnectionAsync(ct).ConfigureAwait(false);
        var result = await ExchangeAsync(connection, NextId(), method, parameters, null, _options.RequestTimeout, ct).ConfigureAwait(false);
        return result.Type == JTokenType.Null ? default : result.ToObject<T>(Json);
    }

    /// <summary>
    /// Streams logs matching <paramref name="filter"/> via <c>eth_subscribe("logs")</c>, surviving disconnects (see the class remarks).
    /// When <see cref="NewFilterInput.FromBlock"/> is a block number, logs from that block on are first fetched with <c>eth_getLogs</c>;
    /// otherwise the stream starts at the head when subscribed. <see cref="NewFilterInput.ToBlock"/> is ignored.
    /// </summary>
    /// <exception cref="RpcResponseException">The node rejected the subscription or the backfill (e.g. a range limit).</exception>
    public async IAsyncEnumerable<FilterLog> SubscribeLogsAsync(NewFilterInput filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        var token = linked.Token;
        var live = new NewFilterInput { Address = filter.Address, Topics = filter.Topics };
        var dedupe = new LogDeduplicator();
        var history = new BlockHashHistory();
        BigInteger? cursor = filter.FromBlock?.BlockNumber?.Value;
        bool backfill = cursor is not null;
        Subscription? subscription = null;
        try
        {
            while (true)
            {
                var opened = await OpenLogsAsync(live, backfill ? cursor : null, needHead: cursor is null, history, token).ConfigureAwait(false);
                subscription = opened.Subscription;
                // After a reconnect the cursor may move back: the chain was reorganised or reset below it.
                cursor = opened.BackfillFrom ?? cursor ?? opened.Head;
                foreach (var log in opened.Backfill)
                {
                    if (!dedupe.Accept(log)) continue;
                    cursor = Advance(cursor, log, history);
                    yield return log;
                }
                var reader = subscription.Channel.Reader;
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var element))
                    {
                        if (Read<FilterLog>(element) is not { } log || !dedupe.Accept(log)) continue;
                        cursor = Advance(cursor, log, history);
                        yield return log;
                    }
                }
                // The connection dropped: reconnect, resubscribe and backfill from the cursor.
                subscription = null;
                backfill = true;
            }
        }
        finally
        {
            if (subscription is not null) await UnsubscribeQuietlyAsync(subscription).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams new block headers via <c>eth_subscribe("newHeads")</c>, surviving disconnects: after a reconnect, headers missed while
    /// disconnected are fetched with <c>eth_getBlockByNumber</c> (at most <see cref="SubscriptionClientOptions.MaxHeaderBackfill"/>).
    /// A reorg shows up as a header whose number is not above the previous one.
    /// </summary>
    public async IAsyncEnumerable<Block> SubscribeNewHeadsAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        var token = linked.Token;
        BigInteger? last = null;
        var seen = new RecentSet(1024);
        Subscription? subscription = null;
        try
        {
            while (true)
            {
                var opened = await OpenHeadsAsync(last, token).ConfigureAwait(false);
                subscription = opened.Subscription;
                foreach (var header in opened.Backfill)
                {
                    if (!seen.Add(header.BlockHash)) continue;
                    last = header.Number.Value;
                    yield return header;
                }
                var reader = subscription.Channel.Reader;
                while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out var element))
                    {
                        if (Read<Block>(element) is not { BlockHash: not null, Number: not null } header || !seen.Add(header.BlockHash)) continue;
                        last = header.Number.Value;
                        yield return header;
                    }
                }
                subscription = null;
            }
        }
        finally
        {
            if (subscription is not null) await UnsubscribeQuietlyAsync(subscription).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection; open subscription streams end with <see cref="OperationCanceledException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        if (_current is { } connection) await FailAsync(connection, "the client was disposed").ConfigureAwait(false);
    }

    private long NextId() => Interlocked.Increment(ref _nextId);

    private static BigInteger? Advance(BigInteger? cursor, FilterLog log, BlockHashHistory history)
    {
        if (log.BlockNumber is not { } number) return cursor;
        if (log.Removed)
        {
            history.ForgetFrom(number.Value);
            return cursor;
        }
        if (log.BlockHash is { } hash) history.Add(number.Value, hash);
        return cursor is { } c && c > number.Value ? c : number.Value;
    }

    private static T? Read<T>(JToken element) where T : class
    {
        try
        {
            return element.ToObject<T>(Json);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return null; // A malformed notification must not end the stream.
        }
    }

    private TimeSpan NextDelay(ref TimeSpan delay)
    {
        var current = delay;
        var doubled = delay * 2;
        delay = doubled > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : doubled;
        return current + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * current.TotalMilliseconds * 0.2);
    }

    private async Task<(Subscription Subscription, FilterLog[] Backfill, BigInteger? Head, BigInteger? BackfillFrom)> OpenLogsAsync(
        NewFilterInput live, BigInteger? backfillFrom, bool needHead, BlockHashHistory history, CancellationToken ct)
    {
        var delay = _options.InitialReconnectDelay;
        while (true)
        {
            Subscription? subscription = null;
            try
            {
                subscription = await SubscribeAsync(["logs", live], ct).ConfigureAwait(false);
                BigInteger? head = needHead || backfillFrom is not null
                    ? (await SendRequestAsync<HexBigInteger>("eth_blockNumber", ct).ConfigureAwait(false))!.Value
                    : null;
                FilterLog[] backfill = [];
                if (backfillFrom is { } requested)
                {
                    var from = await CheckCursorAsync(requested, head!.Value, history, ct).ConfigureAwait(false);
                    backfillFrom = from;
                    var range = new NewFilterInput
                    {
                        Address = live.Address, Topics = live.Topics,
                        FromBlock = new BlockParameter(new HexBigInteger(from)), ToBlock = BlockParameter.CreateLatest(),
                    };
                    backfill = await SendRequestAsync<FilterLog[]>("eth_getLogs", ct, range).ConfigureAwait(false) ?? [];
                }
                return (subscription, backfill, head, backfillFrom);
            }
            catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException && !ct.IsCancellationRequested)
            {
                if (subscription is not null) await UnsubscribeQuietlyAsync(subscription).ConfigureAwait(false);
                await Task.Delay(NextDelay(ref delay), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Where a log backfill must start after a reconnect. Normally the cursor; but when the blocks the stream delivered from are no
    /// longer canonical (a reorg while disconnected, or a development chain restarted from genesis), from the newest delivered block
    /// that still is, or, when none is, up to <see cref="SubscriptionClientOptions.MaxHeaderBackfill"/> blocks below the lower of the
    /// oldest remembered block and the new head. Logs already delivered are skipped by the deduplicator.
    /// </summary>
    private async Task<BigInteger> CheckCursorAsync(BigInteger cursor, BigInteger head, BlockHashHistory history, CancellationToken ct)
    {
        if (history.IsEmpty) return cursor <= head ? cursor : BigInteger.Max(0, head + 1 - _options.MaxHeaderBackfill);
        var newest = true;
        foreach (var (number, hash) in history.Descending())
        {
            if (number <= head)
            {
                var block = await SendRequestAsync<Block>("eth_getBlockByNumber", ct, new HexBigInteger(number), false).ConfigureAwait(false);
                if (block is not null && string.Equals(block.BlockHash, hash, StringComparison.OrdinalIgnoreCase))
                {
                    if (newest) return cursor;
                    history.ForgetFrom(number + 1);
                    return number + 1;
                }
            }
            newest = false;
        }
        var start = BigInteger.Max(0, BigInteger.Min(history.Oldest!.Value, head + 1) - _options.MaxHeaderBackfill);
        history.ForgetFrom(0);
        return start;
    }

    private async Task<(Subscription Subscription, Block[] Backfill)> OpenHeadsAsync(BigInteger? last, CancellationToken ct)
    {
        var delay = _options.InitialReconnectDelay;
        while (true)
        {
            Subscription? subscription = null;
            try
            {
                subscription = await SubscribeAsync(["newHeads"], ct).ConfigureAwait(false);
                var backfill = new List<Block>();
                if (last is { } previous)
                {
                    var head = (await SendRequestAsync<HexBigInteger>("eth_blockNumber", ct).ConfigureAwait(false))!.Value;
                    var start = BigInteger.Max(previous + 1, head - _options.MaxHeaderBackfill + 1);
                    for (var n = start; n <= head; n++)
                    {
                        var header = await SendRequestAsync<Block>("eth_getBlockByNumber", ct, new HexBigInteger(n), false).ConfigureAwait(false);
                        if (header is { BlockHash: not null, Number: not null }) backfill.Add(header);
                    }
                }
                return (subscription, backfill.ToArray());
            }
            catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException && !ct.IsCancellationRequested)
            {
                if (subscription is not null) await UnsubscribeQuietlyAsync(subscription).ConfigureAwait(false);
                await Task.Delay(NextDelay(ref delay), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<Subscription> SubscribeAsync(object?[] args, CancellationToken ct)
    {
        var connection = await GetConnectionAsync(ct).ConfigureAwait(false);
        var channel = Channel.CreateUnbounded<JToken>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var result = await ExchangeAsync(connection, NextId(), "eth_subscribe", args, channel, _options.RequestTimeout, ct).ConfigureAwait(false);
        return new Subscription(connection, result.Value<string>()!, channel);
    }

    private async Task UnsubscribeQuietlyAsync(Subscription subscription)
    {
        subscription.Connection.Subscriptions.TryRemove(subscription.Id, out _);
        if (!subscription.Connection.IsAlive) return;
        try
        {
            await ExchangeAsync(subscription.Connection, NextId(), "eth_unsubscribe", [subscription.Id], null, TimeSpan.FromSeconds(2), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException)
        {
            // Best effort: the node drops subscriptions with the connection anyway.
        }
    }

    private async Task<Connection> GetConnectionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_current is { IsAlive: true } current) return current;
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_current is { IsAlive: true } again) return again;
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            var transport = _options.TransportFactory?.Invoke() ?? new ClientWebSocketTransport();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await transport.ConnectAsync(_uri, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
                var reason = e is OperationCanceledException ? $"connect timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s" : Reason(e);
                if (e is OperationCanceledException or WebSocketException or HttpRequestException or SocketException or IOException)
                    throw new RpcClientUnknownException($"Cannot reach JSON-RPC node at {RedactedUrl}: {reason}", e);
                throw;
            }
            var connection = new Connection(transport);
            Interlocked.Increment(ref _connectionCount);
            _current = connection;
            connection.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(connection), CancellationToken.None);
            if (_options.IdleTimeout is { } idle) connection.Watchdog = Task.Run(() => WatchdogAsync(connection, idle), CancellationToken.None);
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<JToken> ExchangeAsync(
        Connection connection, long id, string method, object?[] parameters, Channel<JToken>? subscription, TimeSpan timeoutAfter, CancellationToken ct)
    {
        var pending = new Pending(method, subscription);
        connection.Pending[id] = pending;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(timeoutAfter);
        try
        {
            if (!connection.IsAlive) throw Lost(connection);
            var request = new JObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["method"] = method,
                ["params"] = JArray.FromObject(parameters, Json),
            };
            var payload = Encoding.UTF8.GetBytes(request.ToString(Formatting.None));
            try
            {
                await connection.Transport.SendAsync(payload, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await FailAsync(connection, Reason(e)).ConfigureAwait(false);
                throw Lost(connection, e);
            }
            var response = await pending.Completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (response["error"] is JObject error)
                throw new RpcResponseException(new RpcError(error.Value<int?>("code") ?? 0, error.Value<string>("message") ?? "", error["data"]));
            return response["result"] ?? JValue.CreateNull();
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new RpcClientTimeoutException($"{method} to {RedactedUrl} timed out after {timeoutAfter.TotalSeconds:0.###} s", e);
        }
        finally
        {
            connection.Pending.TryRemove(id, out _);
        }
    }

    private RpcClientUnknownException Lost(Connection connection, Exception? inner = null) =>
        new($"WebSocket connection to JSON-RPC node at {RedactedUrl} was lost: {connection.CloseReason ?? "closed"}", inner);

    private async Task ReceiveLoopAsync(Connection connection)
    {
        string reason;
        try
        {
            while (true)
            {
                var message = await connection.Transport.ReceiveAsync(connection.Closed.Token).ConfigureAwait(false);
                if (message is null)
                {
                    reason = "the node closed the connection";
                    break;
                }
                connection.LastMessageTicks = Environment.TickCount64;
                JToken document;
                try
                {
                    document = JToken.Parse(Encoding.UTF8.GetString(message));
                }
                catch (JsonException)
                {
                    continue; // Not JSON: nothing can be correlated with it.
                }
                if (document is JArray array)
                    foreach (var element in array) Dispatch(connection, element);
                else Dispatch(connection, document);
            }
        }
        catch (OperationCanceledException) when (connection.Closed.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            reason = Reason(e);
        }
        await FailAsync(connection, reason).ConfigureAwait(false);
    }

    private static void Dispatch(Connection connection, JToken element)
    {
        if (element is not JObject message) return;
        if (message.Value<string>("method") == "eth_subscription")
        {
            if (message["params"] is JObject parameters && parameters["subscription"]?.Type == JTokenType.String && parameters["result"] is { } result
                && connection.Subscriptions.TryGetValue(parameters.Value<string>("subscription")!, out var channel))
            {
                channel.Writer.TryWrite(result);
            }
            return;
        }
        if (message["id"] is not JValue { Type: JTokenType.Integer } idToken || !connection.Pending.TryRemove(idToken.Value<long>(), out var pending)) return;
        if (pending.Subscription is not null && message["error"] is null && message["result"] is JValue { Type: JTokenType.String } subscriptionId)
        {
            // Register before completing, so a notification right behind the answer is routed.
            connection.Subscriptions[subscriptionId.Value<string>()!] = pending.Subscription;
            if (!connection.IsAlive) pending.Subscription.Writer.TryComplete(); // Lost a race with a concurrent failure.
        }
        pending.Completion.TrySetResult(message);
    }

    private async Task WatchdogAsync(Connection connection, TimeSpan idle)
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(10, idle.TotalMilliseconds / 4));
        try
        {
            while (connection.IsAlive)
            {
                await Task.Delay(period, connection.Closed.Token).ConfigureAwait(false);
                if (Environment.TickCount64 - connection.LastMessageTicks < idle.TotalMilliseconds) continue;
                try
                {
                    await ExchangeAsync(connection, NextId(), "eth_blockNumber", [], null, _options.ProbeTimeout, connection.Closed.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException)
                {
                    await FailAsync(connection, $"no message for {idle.TotalSeconds:0.###} s and the eth_blockNumber probe failed ({e.GetType().Name})").ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FailAsync(Connection connection, string reason)
    {
        if (!connection.MarkDead(reason)) return;
        Interlocked.CompareExchange(ref _current, null, connection);
        connection.Closed.Cancel();
        foreach (var (_, pending) in connection.Pending)
            pending.Completion.TrySetException(Lost(connection));
        foreach (var (_, channel) in connection.Subscriptions) channel.Writer.TryComplete();
        connection.Subscriptions.Clear();
        try
        {
            connection.Transport.Abort();
            await connection.Transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Tearing down a broken socket may throw; it is gone either way.
        }
    }

    private static string Reason(Exception e) => RpcFailures.Reason(e);

    private sealed record Subscription(Connection Connection, string Id, Channel<JToken> Channel);

    private sealed class Pending(string method, Channel<JToken>? subscription)
    {
        public string Method { get; } = method;
        public Channel<JToken>? Subscription { get; } = subscription;
        public TaskCompletionSource<JObject> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Connection(IWebSocketTransport transport)
    {
        private int _dead;
        public IWebSocketTransport Transport { get; } = transport;
        public ConcurrentDictionary<long, Pending> Pending { get; } = new();
        public ConcurrentDictionary<string, Channel<JToken>> Subscriptions { get; } = new();
        public CancellationTokenSource Closed { get; } = new();
        public long LastMessageTicks { get; set; } = Environment.TickCount64;
        public Task? ReceiveLoop { get; set; }
        public Task? Watchdog { get; set; }
        public string? CloseReason { get; private set; }
        public bool IsAlive => Volatile.Read(ref _dead) == 0;

        public bool MarkDead(string reason)
        {
            if (Interlocked.Exchange(ref _dead, 1) != 0) return false;
            CloseReason = reason;
            return true;
        }
    }
}
