using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Tests.JsonRpc;

public class WebSocketClientTests
{
    private const string Contract = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private const string Topic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    private static WebSocketClientOptions FastOptions => new()
    {
        InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        IdleTimeout = null,
    };

    private static string Log(int block, int index, bool removed = false) =>
        $$"""{"address":"{{Contract}}","topics":["{{Topic}}"],"data":"0x","blockNumber":"0x{{block:x}}","blockHash":"0xb{{block}}","transactionHash":"0xt{{block}}{{index}}","transactionIndex":"0x0","logIndex":"0x{{index:x}}","removed":{{(removed ? "true" : "false")}}}""";

    private static string Header(int number, string? hash = null) =>
        $$"""{"number":"0x{{number:x}}","hash":"{{hash ?? $"0xh{number}"}}","parentHash":"0xh{{number - 1}}","timestamp":"0x{{1000 + number:x}}","gasLimit":"0x1c9c380","gasUsed":"0x0","baseFeePerGas":"0x7"}""";

    private static string Reply(JsonElement request, string result) => $$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"result":{{result}}}""";

    private static string Notify(string subscription, string result) =>
        $$$"""{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"{{{subscription}}}","result":{{{result}}}}}""";

    private static string MethodOf(JsonElement request) => request.GetProperty("method").GetString()!;

    private static async Task<List<T>> Take<T>(IAsyncEnumerable<T> stream, int count, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        var items = new List<T>();
        try
        {
            await foreach (var item in stream.WithCancellation(cts.Token))
            {
                items.Add(item);
                if (items.Count == count) break;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Only {items.Count} of {count} items arrived within {within}: {string.Join(", ", items)}");
        }
        return items;
    }

    [Fact]
    public async Task Log_subscription_reconnects_resubscribes_and_backfills_each_missed_log_exactly_once()
    {
        var calls = new ConcurrentQueue<(int Connection, string Method, string Params)>();
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, connection, stop) =>
        {
            while (await ws.ReceiveJsonAsync(stop) is { } request)
            {
                var method = MethodOf(request);
                calls.Enqueue((connection, method, request.GetProperty("params").GetRawText()));
                switch (connection, method)
                {
                    case (_, "eth_subscribe"):
                        await ws.SendJsonAsync(Reply(request, $"\"0xsub{connection}\""), stop);
                        break;
                    case (0, "eth_blockNumber"):
                        await ws.SendJsonAsync(Reply(request, "\"0xa\""), stop);
                        await ws.SendJsonAsync(Notify("0xsub0", Log(10, 0)), stop);
                        await ws.SendJsonAsync(Notify("0xsub0", Log(11, 0)), stop);
                        await Task.Delay(100, stop);
                        ws.Abort(); // Drop the connection without a close handshake; 11/1 and 12/0 happen while the client is away.
                        return;
                    case (1, "eth_blockNumber"):
                        await ws.SendJsonAsync(Reply(request, "\"0xc\""), stop);
                        break;
                    case (1, "eth_getBlockByNumber"):
                        // The cursor block is still canonical (same hash as the delivered log's): no rewind.
                        await ws.SendJsonAsync(Reply(request, Header(11, "0xb11")), stop);
                        break;
                    case (1, "eth_getLogs"):
                        await ws.SendJsonAsync(Reply(request, $"[{Log(11, 0)},{Log(11, 1)},{Log(12, 0)}]"), stop);
                        await ws.SendJsonAsync(Notify("0xsub1", Log(12, 0)), stop); // duplicate of a backfilled log
                        await ws.SendJsonAsync(Notify("0xsub1", Log(12, 0, removed: true)), stop); // reorg: delivered
                        await ws.SendJsonAsync(Notify("0xsub1", Log(13, 0)), stop);
                        break;
                    default:
                        await ws.SendJsonAsync(Reply(request, "true"), stop);
                        break;
                }
            }
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions);

        var logs = await Take(client.SubscribeLogsAsync(NewFilterInput.ForAddress(Contract, Topic)), 6, TimeSpan.FromSeconds(15));

        Assert.Equal(new[] { "10/0", "11/0", "11/1", "12/0", "12/0 removed", "13/0" },
            logs.Select(l => $"{l.BlockNumber!.Value.Value}/{l.LogIndex!.Value.Value}{(l.Removed ? " removed" : "")}"));
        Assert.Equal(2, client.ConnectionCount);
        var subscribes = calls.Where(c => c.Method == "eth_subscribe").ToArray();
        Assert.Equal(new[] { 0, 1 }, subscribes.Select(c => c.Connection));
        Assert.All(subscribes, c => Assert.Equal($$"""["logs",{"address":"{{Contract}}","topics":["{{Topic}}"]}]""", c.Params));
        var getLogs = Assert.Single(calls, c => c.Method == "eth_getLogs");
        Assert.Equal($$"""[{"fromBlock":"0xb","toBlock":"latest","address":"{{Contract}}","topics":["{{Topic}}"]}]""", getLogs.Params);
    }

    [Fact]
    public async Task Log_subscription_rewinds_its_backfill_when_the_chain_was_reset_below_the_cursor()
    {
        var getLogs = new ConcurrentQueue<string>();
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, connection, stop) =>
        {
            while (await ws.ReceiveJsonAsync(stop) is { } request)
            {
                switch (connection, MethodOf(request))
                {
                    case (_, "eth_subscribe"):
                        await ws.SendJsonAsync(Reply(request, $"\"0xsub{connection}\""), stop);
                        break;
                    case (0, "eth_blockNumber"):
                        await ws.SendJsonAsync(Reply(request, "\"0x4\""), stop);
                        await ws.SendJsonAsync(Notify("0xsub0", Log(5, 0)), stop);
                        await Task.Delay(100, stop);
                        ws.Abort(); // the node restarts from genesis while the client is away
                        return;
                    case (_, "eth_blockNumber"):
                        await ws.SendJsonAsync(Reply(request, "\"0x3\""), stop); // the new chain is lower than the cursor
                        break;
                    case (_, "eth_getBlockByNumber"):
                        await ws.SendJsonAsync(Reply(request, "null"), stop);
                        break;
                    case (_, "eth_getLogs"):
                        getLogs.Enqueue(request.GetProperty("params")[0].GetProperty("fromBlock").GetString()!);
                        await ws.SendJsonAsync(Reply(request, $"[{Log(2, 0).Replace("0xb2", "0xnew2")}]"), stop);
                        break;
                    default:
                        await ws.SendJsonAsync(Reply(request, "true"), stop);
                        break;
                }
            }
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions);

        var logs = await Take(client.SubscribeLogsAsync(NewFilterInput.ForAddress(Contract, Topic)), 2, TimeSpan.FromSeconds(15));

        Assert.Equal(new[] { "0xb5", "0xnew2" }, logs.Select(l => l.BlockHash));
        Assert.Equal(new[] { "0x0" }, getLogs); // not from the stale cursor 0x5, which would miss block 2 of the new chain
    }

    [Fact]
    public async Task Watchdog_probes_a_silent_connection_and_reconnects_when_the_probe_fails()
    {
        var probes = 0;
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, connection, stop) =>
        {
            while (await ws.ReceiveJsonAsync(stop) is { } request)
            {
                var method = MethodOf(request);
                if (connection == 0)
                {
                    if (method == "eth_subscribe") await ws.SendJsonAsync(Reply(request, "\"0xs0\""), stop);
                    else if (method == "eth_blockNumber" && Interlocked.Increment(ref probes) == 1)
                    {
                        await ws.SendJsonAsync(Reply(request, "\"0x1\""), stop);
                        await ws.SendJsonAsync(Notify("0xs0", Log(1, 0)), stop);
                    }
                    // Later probes go unanswered: the node hangs silently (the Nethereum #669 symptom).
                    continue;
                }
                if (method == "eth_subscribe") await ws.SendJsonAsync(Reply(request, "\"0xs1\""), stop);
                else if (method == "eth_blockNumber") await ws.SendJsonAsync(Reply(request, "\"0x2\""), stop);
                else if (method == "eth_getBlockByNumber") await ws.SendJsonAsync(Reply(request, Header(1, "0xb1")), stop);
                else if (method == "eth_getLogs")
                {
                    await ws.SendJsonAsync(Reply(request, $"[{Log(1, 0)},{Log(2, 0)}]"), stop);
                    await ws.SendJsonAsync(Notify("0xs1", Log(3, 0)), stop);
                }
                else await ws.SendJsonAsync(Reply(request, "true"), stop);
            }
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions with
        {
            IdleTimeout = TimeSpan.FromMilliseconds(300),
            // Generous: the first probe must be answered even on a loaded CI machine; only the later, unanswered one times out.
            ProbeTimeout = TimeSpan.FromSeconds(3),
        });

        var logs = await Take(client.SubscribeLogsAsync(new NewFilterInput { Address = [Contract] }), 3, TimeSpan.FromSeconds(15));

        Assert.Equal(new[] { 1, 2, 3 }, logs.Select(l => (int)l.BlockNumber!.Value.Value));
        Assert.Equal(2, client.ConnectionCount);
        Assert.True(Volatile.Read(ref probes) >= 2);
    }

    [Fact]
    public async Task New_heads_subscription_backfills_headers_missed_while_disconnected()
    {
        var fetched = new ConcurrentQueue<string>();
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, connection, stop) =>
        {
            while (await ws.ReceiveJsonAsync(stop) is { } request)
            {
                switch (connection, MethodOf(request))
                {
                    case (0, "eth_subscribe"):
                        await ws.SendJsonAsync(Reply(request, "\"0xh0\""), stop);
                        await ws.SendJsonAsync(Notify("0xh0", Header(1)), stop);
                        await ws.SendJsonAsync(Notify("0xh0", Header(2)), stop);
                        await Task.Delay(100, stop);
                        await ws.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "restarting", stop); // graceful close this time
                        return;
                    case (_, "eth_subscribe"):
                        await ws.SendJsonAsync(Reply(request, "\"0xh1\""), stop);
                        break;
                    case (_, "eth_blockNumber"):
                        await ws.SendJsonAsync(Reply(request, "\"0x4\""), stop);
                        break;
                    case (_, "eth_getBlockByNumber"):
                        var number = request.GetProperty("params")[0].GetString()!;
                        fetched.Enqueue(number);
                        await ws.SendJsonAsync(Reply(request, Header(Convert.ToInt32(number, 16))), stop);
                        if (number == "0x4")
                        {
                            await ws.SendJsonAsync(Notify("0xh1", Header(4)), stop);
                            await ws.SendJsonAsync(Notify("0xh1", Header(5)), stop);
                        }
                        break;
                    default:
                        await ws.SendJsonAsync(Reply(request, "true"), stop);
                        break;
                }
            }
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions);

        var headers = await Take(client.SubscribeNewHeadsAsync(), 5, TimeSpan.FromSeconds(15));

        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, headers.Select(h => (int)h.Number.Value));
        Assert.Equal(new[] { "0x3", "0x4" }, fetched);
        Assert.Equal(2, client.ConnectionCount);
    }

    [Fact]
    public async Task Concurrent_requests_and_batches_are_correlated_by_id()
    {
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, _, stop) =>
        {
            var held = new List<JsonElement>();
            while (await ws.ReceiveJsonAsync(stop) is { } request)
            {
                if (request.ValueKind == JsonValueKind.Array)
                {
                    var answers = request.EnumerateArray().Reverse().Select(r => MethodOf(r) == "bad"
                        ? $$$"""{"jsonrpc":"2.0","id":{{{r.GetProperty("id").GetRawText()}}},"error":{"code":-32601,"message":"no such method"}}"""
                        : Reply(r, $"\"{MethodOf(r)}\""));
                    await ws.SendJsonAsync("[" + string.Join(",", answers) + "]", stop);
                    continue;
                }
                held.Add(request);
                if (held.Count < 10) continue;
                held.Reverse(); // answer out of order
                foreach (var r in held) await ws.SendJsonAsync(Reply(r, $"\"{MethodOf(r)}\""), stop);
                held.Clear();
            }
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendRequestAsync<string>(new RpcRequest($"m{i}"), cts.Token)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), results);

        var batch = await client.SendBatchAsync([new RpcRequest("one"), new RpcRequest("bad"), new RpcRequest("three")], cts.Token);
        Assert.Equal("one", batch[0].GetResult<string>());
        Assert.Equal(-32601, Assert.Throws<RpcResponseException>(() => batch[1].GetResult<string>()).Code);
        Assert.Equal("three", batch[2].GetResult<string>());
        Assert.Equal(1, client.ConnectionCount);
    }

    [Fact]
    public async Task Unanswered_request_times_out_and_unreachable_node_is_named()
    {
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, _, stop) => { while (await ws.ReceiveJsonAsync(stop) is not null) { } };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions with { RequestTimeout = TimeSpan.FromMilliseconds(200) });
        var timeout = await Assert.ThrowsAsync<RpcClientTimeoutException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber")));
        Assert.Contains("eth_blockNumber", timeout.Message);
        Assert.Contains($"ws://127.0.0.1:{server.Port}", timeout.Message);

        var port = TestRpcServer.FreePort();
        await using var unreachable = new WebSocketClient($"ws://user:pw@127.0.0.1:{port}", FastOptions);
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => unreachable.SendRequestAsync<string>(new RpcRequest("eth_chainId")));
        Assert.Equal($"Cannot reach JSON-RPC node at ws://127.0.0.1:{port}: connection refused", e.Message);
    }

    [Fact]
    public async Task In_flight_request_fails_fast_when_the_connection_drops()
    {
        await using var server = TestRpcServer.Start();
        server.WebSocketHandler = async (ws, _, stop) =>
        {
            await ws.ReceiveJsonAsync(stop);
            ws.Abort();
        };
        await using var client = new WebSocketClient(server.WsUrl, FastOptions);
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_chainId")));
        Assert.Contains("was lost", e.Message);
        Assert.Equal("eth_chainId", e.Method);
    }

    [Fact]
    public void Invalid_websocket_urls_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new WebSocketClient("tcp://127.0.0.1:8545"));
        Assert.Throws<ArgumentException>(() => new WebSocketClient(""));
    }
}
