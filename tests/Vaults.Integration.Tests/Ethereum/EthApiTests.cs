using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
using Vaults.Integration.Tests.Contracts.RoundTrip;
using Vaults.Integration.Tests.Contracts.RoundTrip.ContractDefinition;
using Vaults.Integration.Tests.Devnet;

namespace Vaults.Integration.Tests.Ethereum;

/// <summary>The eth_* API and the HTTP JSON-RPC client against a real node: what Hardhat returns must read back into our DTOs.</summary>
public class EthApiTests(DevnetFixture devnet) : DevnetTest(devnet)
{
    private static readonly string AddedTopic = HexConvert.ToHex(new AddedEventDTO().GetEventAbi().Topic0);

    private Address Dev(int i) => Devnet.Node.Accounts[i].Address;

    /// <summary>Deploys RoundTrip and sends add(1), add(2), add(3) from accounts 0, 1, 2, each in its own block.</summary>
    private async Task<(RoundTripService Service, TransactionReceipt[] Adds)> DeployWithThreeAddsAsync()
    {
        var service = await RoundTripService.DeployContractAndGetServiceAsync(Web3(), new RoundTripDeployment { Greeting = "logs", Start = 0 });
        var adds = new TransactionReceipt[3];
        for (int i = 0; i < 3; i++)
            adds[i] = await new RoundTripService(Web3(i), service.ContractAddress).AddRequestAndWaitForReceiptAsync(i + 1);
        return (service, adds);
    }

    private static int[] Amounts(IEnumerable<FilterLog> logs) =>
        logs.Select(l => (int)Event<AddedEventDTO>.TryDecode(l)!.Event.Amount).ToArray();

    [Fact]
    public async Task GetLogs_honours_block_ranges()
    {
        var (service, adds) = await DeployWithThreeAddsAsync();
        var address = service.ContractAddress.ToLowerHex();
        BlockParameter At(int i) => new(adds[i].BlockNumber);

        var all = await Devnet.Eth.GetLogsAsync(new NewFilterInput { Address = [address], FromBlock = BlockParameter.CreateEarliest() });
        var lastTwo = await Devnet.Eth.GetLogsAsync(new NewFilterInput { Address = [address], FromBlock = At(1), ToBlock = At(2) });
        var onlyFirst = await Devnet.Eth.GetLogsAsync(new NewFilterInput { Address = [address], FromBlock = At(0), ToBlock = At(0) });
        var beforeDeploy = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [address], FromBlock = BlockParameter.CreateEarliest(), ToBlock = new BlockParameter(adds[0].BlockNumber.Value - 1),
        });

        Assert.Equal([1, 2, 3], Amounts(all));
        Assert.Equal([2, 3], Amounts(lastTwo));
        Assert.Equal([1], Amounts(onlyFirst));
        Assert.Empty(beforeDeploy);
        Assert.Equal(adds[1].BlockNumber, lastTwo[0].BlockNumber!.Value);
        Assert.Equal(adds[1].TransactionHash, lastTwo[0].TransactionHash);
        Assert.Equal(adds[1].BlockHash, lastTwo[0].BlockHash);
        Assert.False(lastTwo[0].Removed);
    }

    [Fact]
    public async Task GetLogs_topic_positions_take_OR_lists_and_wildcards()
    {
        var (service, _) = await DeployWithThreeAddsAsync();
        var added = service.GetAddedEvent();
        var otherTopic = "0x" + new string('a', 64);

        // Indexed argument `by` as an OR-list (accounts 0 and 2), through the Event<T> filter builder.
        var byZeroOrTwo = await added.GetAllChangesAsync(added.CreateFilterInput(new[] { Dev(0), Dev(2) }));
        // topic0 as an OR-list with an unrelated topic, position 1 as an explicit wildcard then account 1.
        var raw = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [service.ContractAddress.ToLowerHex()],
            FromBlock = BlockParameter.CreateEarliest(),
            Topics = [[otherTopic, AddedTopic], [HexConvert.ToHex(new byte[12]) + Dev(1).ToLowerHex()[2..]]],
        });
        var wildcard = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [service.ContractAddress.ToLowerHex()], FromBlock = BlockParameter.CreateEarliest(), Topics = [null, null],
        });
        var nothing = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [service.ContractAddress.ToLowerHex()], FromBlock = BlockParameter.CreateEarliest(), Topics = [[otherTopic]],
        });

        Assert.Equal([1, 3], byZeroOrTwo.Select(e => (int)e.Event.Amount));
        Assert.Equal([Dev(0), Dev(2)], byZeroOrTwo.Select(e => e.Event.By));
        Assert.Equal([2], Amounts(raw));
        Assert.Equal([1, 2, 3], Amounts(wildcard));
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task FeeHistory_reports_base_fees_gas_ratios_and_the_rewards_actually_paid()
    {
        var (_, adds) = await DeployWithThreeAddsAsync();
        var newest = adds[2].BlockNumber.Value;

        var history = await Devnet.Eth.FeeHistoryAsync(3, new BlockParameter(adds[2].BlockNumber), [10, 90]);

        Assert.Equal(newest - 2, history.OldestBlock.Value);
        Assert.Equal(4, history.BaseFeePerGas.Length); // one per block plus the next block's
        Assert.Equal(3, history.GasUsedRatio.Length);
        Assert.All(history.GasUsedRatio, r => Assert.InRange(r, 0.0000001, 1.0));
        Assert.NotNull(history.Reward);
        Assert.Equal(3, history.Reward!.Length);
        Assert.All(history.Reward, r => Assert.Equal(2, r.Length));
        for (int i = 0; i < 3; i++)
        {
            var block = await Devnet.Eth.GetBlockByNumberAsync(new BlockParameter(adds[i].BlockNumber));
            Assert.Equal(block!.BaseFeePerGas!.Value.Value, history.BaseFeePerGas[i].Value);
            // One transaction per block: every percentile is that transaction's effective tip.
            var tip = adds[i].EffectiveGasPrice!.Value.Value - block.BaseFeePerGas.Value.Value;
            Assert.Equal(tip, history.Reward[i][0].Value);
            Assert.Equal(tip, history.Reward[i][1].Value);
        }
    }

    [Fact]
    public async Task The_latest_block_carries_a_base_fee_and_its_transactions()
    {
        var (_, adds) = await DeployWithThreeAddsAsync();

        var latest = await Devnet.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest());

        Assert.NotNull(latest);
        Assert.NotNull(latest!.BaseFeePerGas);
        Assert.True(latest.BaseFeePerGas!.Value.Value > 0);
        Assert.Equal(adds[2].BlockNumber, latest.Number);
        Assert.Equal(adds[2].BlockHash, latest.Hash);
        Assert.Equal([adds[2].TransactionHash], latest.Transactions);
        Assert.True(latest.GasUsed.Value > 0);
        Assert.True(latest.GasLimit.Value >= latest.GasUsed.Value);
        var parent = await Devnet.Eth.GetBlockByHashAsync(latest.ParentHash);
        Assert.Equal(latest.Number.Value - 1, parent!.Number.Value);
        Assert.True(latest.Timestamp.Value >= parent.Timestamp.Value);
    }

    [Fact]
    public async Task GetTransactionByHash_returns_every_field_of_the_mined_1559_transaction()
    {
        var (service, adds) = await DeployWithThreeAddsAsync();
        var receipt = adds[1];

        var tx = await Devnet.Eth.GetTransactionByHashAsync(receipt.TransactionHash);

        Assert.NotNull(tx);
        Assert.Equal(receipt.TransactionHash, tx!.Hash);
        Assert.Equal(receipt.BlockHash, tx.BlockHash);
        Assert.Equal(receipt.BlockNumber, tx.BlockNumber!.Value);
        Assert.Equal(receipt.TransactionIndex, tx.TransactionIndex!.Value);
        Assert.Equal(Dev(1), Address.Parse(tx.From));
        Assert.Equal(service.ContractAddress, Address.Parse(tx.To!));
        Assert.Equal(HexConvert.ToHex(new AddFunction { Amount = 2 }.GetCallData()), tx.Input);
        Assert.Equal(BigInteger.Zero, tx.Value.Value);
        Assert.True(tx.Gas.Value >= receipt.GasUsed.Value);
        Assert.Equal(2, tx.Type!.Value.Value);
        Assert.Equal(31337, tx.ChainId!.Value.Value);
        Assert.NotNull(tx.MaxFeePerGas);
        Assert.NotNull(tx.MaxPriorityFeePerGas);
        Assert.True(tx.MaxFeePerGas!.Value.Value >= receipt.EffectiveGasPrice!.Value.Value);
        Assert.Equal(0, (await Devnet.Eth.GetTransactionCountAsync(Dev(1), new BlockParameter(tx.BlockNumber!.Value.Value - 1))).Value - tx.Nonce.Value);
        Assert.NotNull(tx.V);
        Assert.Matches("^0x[0-9a-f]+$", tx.R!);
        Assert.Matches("^0x[0-9a-f]+$", tx.S!);
        Assert.Null(await Devnet.Eth.GetTransactionByHashAsync("0x" + new string('1', 64)));
    }

    [Fact]
    public async Task A_batch_returns_results_in_request_order_with_errors_in_their_slot()
    {
        var (service, adds) = await DeployWithThreeAddsAsync();
        var requests = new[]
        {
            new RpcRequest("eth_chainId"),
            new RpcRequest("eth_blockNumber"),
            new RpcRequest("eth_getTransactionReceipt", adds[0].TransactionHash),
            new RpcRequest("vaults_noSuchMethod"),
            new RpcRequest("eth_getBalance", Dev(3).ToLowerHex(), "latest"),
            new RpcRequest("eth_getTransactionCount", service.ContractAddress.ToLowerHex(), "latest"),
        };

        var responses = await Devnet.Client.SendBatchAsync(requests);

        Assert.Equal(requests.Length, responses.Count);
        Assert.Equal(requests.Select(r => r.Method), responses.Select(r => r.Method));
        Assert.Equal(31337, responses[0].GetResult<HexBigInteger>().Value);
        Assert.Equal(adds[2].BlockNumber, responses[1].GetResult<HexBigInteger>());
        Assert.Equal(adds[0].TransactionHash, responses[2].GetResult<TransactionReceipt>().TransactionHash);
        Assert.True(responses[3].HasError);
        Assert.Throws<RpcResponseException>(() => responses[3].GetResult<JsonElement>());
        Assert.Equal(await Devnet.GetBalanceAsync(Dev(3)), responses[4].GetResult<HexBigInteger>().Value);
        Assert.Equal(1, responses[5].GetResult<HexBigInteger>().Value); // a contract's nonce starts at 1 (EIP-161)
    }

    [Fact]
    public async Task An_unreachable_node_gives_RpcClientUnknownException_with_a_one_line_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var eth = new EthApiService(new RpcClient($"http://user:secret@127.0.0.1:{port}/"));
        var ex = await Assert.ThrowsAsync<RpcClientUnknownException>(() => eth.BlockNumberAsync().WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.Contains($"127.0.0.1:{port}", ex.Message);
        Assert.Contains("connection refused", ex.Message);
        Assert.DoesNotContain("secret", ex.Message);
        Assert.Equal("eth_blockNumber", ex.Method);
    }
}
