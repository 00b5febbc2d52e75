using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.JsonRpc;

public class RpcClientTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Bounded() => new CancellationTokenSource(TestTimeout).Token;

    private static CannedReply Result(JsonElement request, string resultJson) =>
        new($$"""{"jsonrpc":"2.0","id":{{request.GetProperty("id").GetRawText()}},"result":{{resultJson}}}""");

    [Fact]
    public async Task Request_has_jsonrpc_id_method_and_serialised_params()
    {
        await using var server = TestRpcServer.Start(r => Result(r.Json, "\"0x10\""));
        var client = new RpcClient(server.Url);
        var address = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        var filter = new NewFilterInput
        {
            FromBlock = new BlockParameter(16),
            ToBlock = BlockParameter.CreateLatest(),
            Address = ["0x5fbdb2315678afecb367f032d93f642f64180aa3"],
            Topics = [["0xaa"], null, ["0xbb", "0xcc"]],
        };
        var call = new CallInput("0x70a08231", "0x5fbdb2315678afecb367f032d93f642f64180aa3") { Value = new HexBigInteger(255) };

        var result = await client.SendRequestAsync<HexBigInteger>(new RpcRequest("test_shape",
            address, BlockParameter.CreatePending(), new BlockParameter(255), new HexBigInteger(0), BigInteger.Parse("1000000000000000000"),
            new byte[] { 0xde, 0xad }, true, "text", 7, null, call, filter, new object?[] { "nested", new HexBigInteger(1) }), Bounded());

        Assert.Equal(16, (int)result.Value);
        var json = Assert.Single(server.Requests).Json;
        Assert.Equal("2.0", json.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Number, json.GetProperty("id").ValueKind);
        Assert.Equal("test_shape", json.GetProperty("method").GetString());
        Assert.Equal(
            """["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","pending","0xff","0x0","0xde0b6b3a7640000","0xdead",true,"text",7,null,""" +
            """{"to":"0x5fbdb2315678afecb367f032d93f642f64180aa3","data":"0x70a08231","value":"0xff"},""" +
            """{"fromBlock":"0x10","toBlock":"latest","address":"0x5fbdb2315678afecb367f032d93f642f64180aa3","topics":["0xaa",null,["0xbb","0xcc"]]},""" +
            """["nested","0x1"]]""",
            json.GetProperty("params").GetRawText());
    }

    [Fact]
    public async Task Ids_increase_and_results_deserialise_into_dtos()
    {
        const string receipt = """
            {"transactionHash":"0xabc","transactionIndex":"0x0","blockNumber":"0x2","blockHash":"0xdef","from":"0x01","to":null,
             "gasUsed":"0x5208","cumulativeGasUsed":"0x5208","effectiveGasPrice":"0x3b9aca00","status":"0x1","contractAddress":"0x02",
             "logs":[{"address":"0x03","topics":["0x04"],"data":"0x","blockNumber":"0x2","blockHash":"0xdef","transactionHash":"0xabc",
                      "transactionIndex":"0x0","logIndex":"0x0","removed":false}],"type":"0x2"}
            """;
        await using var server = TestRpcServer.Start(r => Result(r.Json, receipt));
        var client = new RpcClient(server.Url);
        var first = await client.SendRequestAsync<TransactionReceipt>(new RpcRequest("eth_getTransactionReceipt", "0xabc"), Bounded());
        await client.SendRequestAsync<TransactionReceipt>(new RpcRequest("eth_getTransactionReceipt", "0xabc"), Bounded());

        Assert.True(first.Succeeded());
        Assert.Equal(21000, (int)first.GasUsed.Value);
        Assert.Equal(1_000_000_000, (long)first.EffectiveGasPrice!.Value.Value);
        Assert.Equal("0x02", first.ContractAddress);
        Assert.Null(first.To);
        Assert.Equal("0x04", Assert.Single(first.Logs).Topics[0]);
        var ids = server.Requests.Select(r => r.Json.GetProperty("id").GetInt64()).ToArray();
        Assert.True(ids[1] > ids[0]);
    }

    [Fact]
    public async Task Null_result_gives_null_for_reference_types()
    {
        await using var server = TestRpcServer.Start(r => Result(r.Json, "null"));
        var client = new RpcClient(server.Url);
        Assert.Null(await client.SendRequestAsync<TransactionReceipt?>(new RpcRequest("eth_getTransactionReceipt", "0x1"), Bounded()));
    }

    [Fact]
    public async Task Batch_responses_are_correlated_by_id_even_when_out_of_order()
    {
        await using var server = TestRpcServer.Start(r =>
        {
            var parts = r.Json.EnumerateArray().Reverse().Select(e =>
            {
                var id = e.GetProperty("id").GetInt64();
                var method = e.GetProperty("method").GetString();
                return method == "eth_fail"
                    ? $$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32601,"message":"Method eth_fail not found"}}"""
                    : $$"""{"jsonrpc":"2.0","id":{{id}},"result":"{{method}}"}""";
            });
            return new CannedReply("[" + string.Join(",", parts) + "]");
        });
        var client = new RpcClient(server.Url);
        var responses = await client.SendBatchAsync([new RpcRequest("a_one"), new RpcRequest("eth_fail"), new RpcRequest("c_three", 1)], Bounded());

        Assert.Equal(3, responses.Count);
        Assert.Equal("a_one", responses[0].GetResult<string>());
        Assert.Equal("c_three", responses[2].GetResult<string>());
        Assert.True(responses[1].HasError);
        var error = Assert.Throws<RpcResponseException>(() => responses[1].GetResult<string>());
        Assert.Equal(-32601, error.Code);
        Assert.Equal("eth_fail", error.Method);
        var sent = Assert.Single(server.Requests).Json;
        Assert.Equal(3, sent.GetArrayLength());
        Assert.Equal(3, sent.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Theory]
    [InlineData("\"0x08c379a0\"", "08c379a0")]
    [InlineData("{\"message\":\"reverted\",\"data\":\"0xdeadbeef\"}", "deadbeef")]
    [InlineData("null", null)]
    [InlineData("\"0x\"", "")]
    public async Task Error_response_throws_RpcResponseException_with_revert_data(string data, string? expectedHex)
    {
        await using var server = TestRpcServer.Start(r => new CannedReply(
            $$$"""{"jsonrpc":"2.0","id":{{{r.Json.GetProperty("id").GetRawText()}}},"error":{"code":3,"message":"execution reverted","data":{{{data}}}}}"""));
        var client = new RpcClient(server.Url);

        var e = await Assert.ThrowsAsync<RpcResponseException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_call"), Bounded()));

        Assert.Equal(3, e.Code);
        Assert.Equal("execution reverted", e.RpcError.Message);
        Assert.Equal("eth_call", e.Method);
        Assert.Contains("eth_call", e.Message);
        Assert.Contains("execution reverted", e.Message);
        Assert.NotNull(e.Data);
        var revert = e.GetRevertData();
        if (expectedHex is null) Assert.Null(revert);
        else Assert.Equal(expectedHex, Convert.ToHexStringLower(revert!));
    }

    [Fact]
    public void Revert_data_absent_is_null()
    {
        Assert.Null(new RpcError(-32000, "nonce too low").GetRevertData());
        var nested = JsonDocument.Parse("""{"message":"x","data":{"data":"0x0102"}}""").RootElement;
        Assert.Equal(new byte[] { 1, 2 }, new RpcError(3, "x", nested).GetRevertData());
        Assert.Null(new RpcError(3, "x", JsonDocument.Parse("\"not hex\"").RootElement).GetRevertData());
    }

    [Fact]
    public async Task Unreachable_url_gives_one_line_message_naming_the_url()
    {
        var port = TestRpcServer.FreePort();
        var client = new RpcClient($"http://127.0.0.1:{port}");

        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber"), Bounded()));

        Assert.Equal($"Cannot reach JSON-RPC node at http://127.0.0.1:{port}: connection refused", e.Message);
        Assert.Equal($"http://127.0.0.1:{port}", e.Url);
        Assert.Equal("eth_blockNumber", e.Method);
    }

    [Fact]
    public async Task Credentials_query_and_api_key_are_stripped_from_messages_but_basic_auth_is_sent()
    {
        var port = TestRpcServer.FreePort();
        var secretUrl = $"http://alice:s3cr3t@127.0.0.1:{port}/v3/0123456789abcdef0123456789abcdef?apikey=zzzz";
        var e = await Assert.ThrowsAsync<RpcClientUnknownException>(() => new RpcClient(secretUrl).SendRequestAsync<string>(new RpcRequest("eth_chainId"), Bounded()));
        Assert.Equal($"Cannot reach JSON-RPC node at http://127.0.0.1:{port}/v3/***?***: connection refused", e.Message);
        foreach (var secret in new[] { "alice", "s3cr3t", "0123456789abcdef", "zzzz" })
        {
            Assert.DoesNotContain(secret, e.Message);
            Assert.DoesNotContain(secret, e.ToString());
        }

        await using var server = TestRpcServer.Start(r => Result(r.Json, "\"0x1\""));
        var client = new RpcClient($"http://alice:s3cr3t@127.0.0.1:{server.Port}/rpc");
        await client.SendRequestAsync<string>(new RpcRequest("eth_chainId"), Bounded());
        var received = Assert.Single(server.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("alice:s3cr3t"u8.ToArray()), received.Authorization);
        Assert.Equal("/rpc", received.Path);
    }

    [Fact]
    public async Task Slow_node_gives_RpcClientTimeoutException_naming_method_url_and_timeout()
    {
        await using var server = TestRpcServer.Start(r => Result(r.Json, "\"0x1\"") with { Delay = TimeSpan.FromSeconds(5) });
        var client = new RpcClient(server.Url, new RpcClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<RpcClientTimeoutException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber"), Bounded()));

        Assert.Equal(TimeSpan.FromMilliseconds(300), e.Timeout);
        Assert.Equal($"JSON-RPC request eth_blockNumber to http://127.0.0.1:{server.Port} timed out after 0.3 s", e.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        await using var server = TestRpcServer.Start(r => Result(r.Json, "\"0x1\"") with { Delay = TimeSpan.FromSeconds(5) });
        var client = new RpcClient(server.Url);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber"), cts.Token));
    }

    [Fact]
    public async Task Http_500_with_text_body_is_named()
    {
        await using var server = TestRpcServer.Start(_ => new CannedReply("upstream exploded", 500, "text/plain"));
        var e = await Assert.ThrowsAsync<RpcHttpStatusException>(() => new RpcClient(server.Url).SendRequestAsync<string>(new RpcRequest("eth_chainId"), Bounded()));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Contains("HTTP 500", e.Message);
        Assert.Contains("upstream exploded", e.Message);
        Assert.Contains("eth_chainId", e.Message);
    }

    [Fact]
    public async Task Http_error_status_with_json_rpc_error_body_is_a_response_exception()
    {
        await using var server = TestRpcServer.Start(r => new CannedReply(
            $$$"""{"jsonrpc":"2.0","id":{{{r.Json.GetProperty("id").GetRawText()}}},"error":{"code":-32005,"message":"rate limited"}}""", 429));
        var e = await Assert.ThrowsAsync<RpcResponseException>(() => new RpcClient(server.Url).SendRequestAsync<string>(new RpcRequest("eth_chainId"), Bounded()));
        Assert.Equal(-32005, e.Code);
    }

    [Theory]
    [InlineData("<html>Bad Gateway</html>", "not JSON")]
    [InlineData("""{"hello":"world"}""", "not a JSON-RPC 2.0 response")]
    [InlineData("", "empty")]
    public async Task Malformed_bodies_are_named(string body, string expected)
    {
        await using var server = TestRpcServer.Start(_ => new CannedReply(body));
        var e = await Assert.ThrowsAsync<RpcInvalidResponseException>(() => new RpcClient(server.Url).SendRequestAsync<string>(new RpcRequest("eth_chainId"), Bounded()));
        Assert.Contains(expected, e.Message);
        Assert.Contains("eth_chainId", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Result_of_the_wrong_shape_is_named()
    {
        await using var server = TestRpcServer.Start(r => Result(r.Json, "\"0xZZ\""));
        var e = await Assert.ThrowsAsync<RpcInvalidResponseException>(() => new RpcClient(server.Url).SendRequestAsync<HexBigInteger>(new RpcRequest("eth_blockNumber"), Bounded()));
        Assert.Contains("HexBigInteger", e.Message);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:8545")]
    [InlineData("127.0.0.1:8545")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Invalid_urls_are_rejected_at_construction(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => new RpcClient(url));
        Assert.Equal("url", e.ParamName);
    }

    [Fact]
    public void Ws_url_is_accepted_and_mapped_to_http()
    {
        Assert.Equal("http://127.0.0.1:8545", new RpcClient("ws://127.0.0.1:8545").RedactedUrl);
    }
}
