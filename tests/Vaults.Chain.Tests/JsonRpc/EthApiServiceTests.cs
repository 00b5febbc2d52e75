using System.Text.Json;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.DevTools;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Tests.JsonRpc;

public class EthApiServiceTests
{
    private static CancellationToken Bounded() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    /// <summary>A server answering by method name; unknown methods get -32601.</summary>
    private static TestRpcServer Scripted(Dictionary<string, string> results) => TestRpcServer.Start(r =>
    {
        var json = r.Json;
        var id = json.GetProperty("id").GetRawText();
        var method = json.GetProperty("method").GetString()!;
        return results.TryGetValue(method, out var result)
            ? new CannedReply($$"""{"jsonrpc":"2.0","id":{{id}},"result":{{result}}}""")
            : new CannedReply($$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32601,"message":"Method {{{method}}} not found"}}""");
    });

    private static (string Method, string Params)[] Sent(TestRpcServer server) =>
        server.Requests.Select(r => (r.Json.GetProperty("method").GetString()!, r.Json.GetProperty("params").GetRawText())).ToArray();

    [Fact]
    public async Task Eth_methods_send_the_expected_requests_and_read_results()
    {
        await using var server = Scripted(new()
        {
            ["eth_chainId"] = "\"0x7a69\"",
            ["eth_blockNumber"] = "\"0x5\"",
            ["eth_getBalance"] = "\"0x21e19e0c9bab2400000\"",
            ["eth_getTransactionCount"] = "\"0x3\"",
            ["eth_getCode"] = "\"0x6080\"",
            ["eth_call"] = "\"0x0000000000000000000000000000000000000000000000000000000000000001\"",
            ["eth_estimateGas"] = "\"0x5208\"",
            ["eth_sendRawTransaction"] = "\"0xhash\"",
            ["eth_getTransactionReceipt"] = "null",
            ["eth_getBlockByNumber"] = """{"number":"0x5","hash":"0xb5","parentHash":"0xb4","timestamp":"0x6553f100","baseFeePerGas":"0x7","gasLimit":"0x1c9c380","gasUsed":"0x0","transactions":["0xt1"]}""",
            ["eth_getLogs"] = "[]",
            ["eth_uninstallFilter"] = "true",
        });
        var eth = new EthApiService(new RpcClient(server.Url));
        var ct = Bounded();

        Assert.Equal(31337, (int)(await eth.ChainIdAsync(ct)).Value);
        Assert.Equal(5, (int)(await eth.BlockNumberAsync(ct)).Value);
        Assert.Equal("10000000000000000000000", (await eth.GetBalanceAsync("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", ct: ct)).Value.ToString());
        Assert.Equal(3, (int)(await eth.GetTransactionCountAsync("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", BlockParameter.CreatePending(), ct)).Value);
        Assert.Equal(new byte[] { 0x60, 0x80 }, await eth.GetCodeAsync("0x01", new BlockParameter(4), ct));
        Assert.Equal(32, (await eth.CallAsync(new CallInput("0x70a08231", "0x02"), ct: ct)).Length);
        Assert.Equal(21000, (int)(await eth.EstimateGasAsync(new TransactionInput("0x", "0x02", "0x01") { MaxFeePerGas = 2, MaxPriorityFeePerGas = 1, Type = 2 }, ct)).Value);
        Assert.Equal("0xhash", await eth.SendRawTransactionAsync(new byte[] { 0x02, 0xf8 }, ct));
        Assert.Null(await eth.GetTransactionReceiptAsync("0xhash", ct));
        var block = await eth.GetBlockByNumberAsync(BlockParameter.CreateFinalized(), ct);
        Assert.Equal(7, (int)block!.BaseFeePerGas!.Value.Value);
        Assert.Equal("0xt1", Assert.Single(block.Transactions));
        Assert.Empty(await eth.GetLogsAsync(new NewFilterInput { FromBlock = new BlockParameter(1), ToBlock = BlockParameter.CreateSafe() }, ct));
        Assert.True(await eth.UninstallFilterAsync(0x1f, ct));

        Assert.Equal(new[]
        {
            ("eth_chainId", "[]"),
            ("eth_blockNumber", "[]"),
            ("eth_getBalance", """["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","latest"]"""),
            ("eth_getTransactionCount", """["0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","pending"]"""),
            ("eth_getCode", """["0x01","0x4"]"""),
            ("eth_call", """[{"to":"0x02","data":"0x70a08231"},"latest"]"""),
            ("eth_estimateGas", """[{"type":"0x2","from":"0x01","to":"0x02","data":"0x","maxFeePerGas":"0x2","maxPriorityFeePerGas":"0x1"}]"""),
            ("eth_sendRawTransaction", """["0x02f8"]"""),
            ("eth_getTransactionReceipt", """["0xhash"]"""),
            ("eth_getBlockByNumber", """["finalized",false]"""),
            ("eth_getLogs", """[{"fromBlock":"0x1","toBlock":"safe"}]"""),
            ("eth_uninstallFilter", """["0x1f"]"""),
        }, Sent(server));
    }

    [Fact]
    public async Task Max_priority_fee_falls_back_to_fee_history_when_the_node_lacks_the_method()
    {
        await using var server = Scripted(new()
        {
            ["eth_feeHistory"] = """{"oldestBlock":"0x1","baseFeePerGas":["0x1","0x1","0x1","0x1"],"gasUsedRatio":[0.5,0.1,0.0],"reward":[["0x5"],["0x3"],["0x9"]]}""",
        });
        var eth = new EthApiService(new RpcClient(server.Url));
        Assert.Equal(5, (int)(await eth.MaxPriorityFeePerGasAsync(Bounded())).Value);
        Assert.Equal(("eth_feeHistory", """["0x5","latest",[50]]"""), Sent(server)[1]);
    }

    [Fact]
    public async Task Max_priority_fee_uses_the_node_when_available_and_a_default_otherwise()
    {
        await using (var server = Scripted(new() { ["eth_maxPriorityFeePerGas"] = "\"0x3b9aca00\"" }))
            Assert.Equal(1_000_000_000, (long)(await new EthApiService(new RpcClient(server.Url)).MaxPriorityFeePerGasAsync(Bounded())).Value);
        await using (var server = Scripted(new()))
            Assert.Equal(EthApiService.DefaultPriorityFee, (await new EthApiService(new RpcClient(server.Url)).MaxPriorityFeePerGasAsync(Bounded())).Value);
    }

    [Fact]
    public async Task Dev_tools_use_hardhat_and_evm_method_names()
    {
        await using var server = Scripted(new()
        {
            ["evm_snapshot"] = "\"0x1\"", ["evm_revert"] = "true", ["evm_mine"] = "\"0x0\"", ["hardhat_mine"] = "true",
            ["evm_setAutomine"] = "true", ["evm_increaseTime"] = "\"3600\"", ["evm_setNextBlockTimestamp"] = "\"1700000000\"",
            ["hardhat_setBalance"] = "true", ["hardhat_impersonateAccount"] = "true", ["hardhat_stopImpersonatingAccount"] = "true",
            ["evm_setIntervalMining"] = "true", ["hardhat_dropTransaction"] = "false",
            ["hardhat_metadata"] = """{"clientVersion":"HardhatNetwork/2.22.0","chainId":31337,"instanceId":"0xabc","latestBlockNumber":12,"latestBlockHash":"0xdef"}""",
        });
        var dev = new DevToolsService(new RpcClient(server.Url));
        var ct = Bounded();
        Assert.Equal("0x1", await dev.SnapshotAsync(ct));
        Assert.True(await dev.RevertAsync("0x1", ct));
        await dev.MineAsync(ct: ct);
        await dev.MineAsync(256, 12, ct);
        await dev.SetAutomineAsync(false, ct);
        await dev.IncreaseTimeAsync(3600, ct);
        await dev.SetNextBlockTimestampAsync(1_700_000_000, ct);
        await dev.SetBalanceAsync("0x01", 1_000_000_000_000_000_000, ct);
        await dev.ImpersonateAccountAsync("0x02", ct);
        await dev.StopImpersonatingAccountAsync("0x02", ct);
        await dev.SetIntervalMiningAsync(1000, ct);
        Assert.False(await dev.DropTransactionAsync("0xhash", ct));
        var metadata = await dev.MetadataAsync(ct);
        Assert.Equal(31337, metadata.ChainId);
        Assert.Equal(12, metadata.LatestBlockNumber);

        Assert.Equal(new[]
        {
            ("evm_snapshot", "[]"), ("evm_revert", """["0x1"]"""), ("evm_mine", "[]"), ("hardhat_mine", """["0x100","0xc"]"""),
            ("evm_setAutomine", "[false]"), ("evm_increaseTime", "[3600]"), ("evm_setNextBlockTimestamp", "[1700000000]"),
            ("hardhat_setBalance", """["0x01","0xde0b6b3a7640000"]"""), ("hardhat_impersonateAccount", """["0x02"]"""),
            ("hardhat_stopImpersonatingAccount", """["0x02"]"""), ("evm_setIntervalMining", "[1000]"),
            ("hardhat_dropTransaction", """["0xhash"]"""), ("hardhat_metadata", "[]"),
        }, Sent(server));
    }
}
