using System.Threading.Channels;
using Vaults.Devnet;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;
using Vaults.Integration.Tests.Contracts.RoundTrip;
using Vaults.Integration.Tests.Contracts.RoundTrip.ContractDefinition;
using Vaults.Integration.Tests.Devnet;

namespace Vaults.Integration.Tests.Ethereum;

/// <summary>Reads an async stream into a channel in the background, so a test can wait for the next item with a timeout.</summary>
internal sealed class StreamPump<T> : IAsyncDisposable
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();
    private readonly CancellationTokenSource _cts;
    private readonly Task _pump;

    public StreamPump(Func<CancellationToken, IAsyncEnumerable<T>> stream, TimeSpan lifetime)
    {
        _cts = new CancellationTokenSource(lifetime);
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in stream(_cts.Token)) _items.Writer.TryWrite(item);
                _items.Writer.TryComplete(new InvalidOperationException("The subscription stream ended."));
            }
            catch (Exception e)
            {
                _items.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>The next item; throws TimeoutException after <paramref name="timeout"/>, or the stream's own failure.</summary>
    public async Task<T> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _items.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No item within {timeout.TotalSeconds:0.#} s.");
        }
        catch (ChannelClosedException e) when (e.InnerException is { } inner)
        {
            throw new InvalidOperationException($"The stream failed: {inner.GetType().Name}: {inner.Message}", inner);
        }
    }

    /// <summary>An item if one arrives within <paramref name="timeout"/>, else default.</summary>
    public async Task<(bool Got, T? Item)> TryNextAsync(TimeSpan timeout)
    {
        try
        {
            return (true, await NextAsync(timeout));
        }
        catch (TimeoutException)
        {
            return (false, default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(10));
        _cts.Dispose();
    }
}

/// <summary>eth_subscribe over Hardhat's WebSocket endpoint (same port as HTTP) through <see cref="SubscriptionClient"/>.</summary>
public class WebSocketSubscriptionTests(DevnetFixture devnet) : DevnetTest(devnet)
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly string AddedTopic = EventLogs.Topic0<AddedEventDTO>();

    internal static NewFilterInput AddedFilter(Vaults.Chain.Address contract) =>
        new() { Address = [contract.ToLowerHex()], Topics = new object[] { new[] { AddedTopic } } };

    /// <summary>
    /// The stream subscribes lazily and gives no signal when the subscription is live: poke until the first item arrives.
    /// </summary>
    internal static async Task<T> WarmUpAsync<T>(StreamPump<T> pump, Func<Task> poke)
    {
        var deadline = DateTime.UtcNow + Lifetime / 2;
        while (DateTime.UtcNow < deadline)
        {
            await poke();
            if (await pump.TryNextAsync(TimeSpan.FromMilliseconds(300)) is (true, { } first)) return first;
        }
        throw new TimeoutException("The subscription never delivered anything.");
    }

    [Fact]
    public async Task SubscribeNewHeads_yields_a_header_for_each_mined_block()
    {
        await using var ws = new SubscriptionClient(Devnet.Node.WebSocketUrl.ToString());
        await using var heads = new StreamPump<Block>(ws.SubscribeNewHeadsAsync, Lifetime);
        await WarmUpAsync(heads, () => Devnet.DevTools.MineAsync());
        // Drain warm-up leftovers (a block mined just before the first header arrived).
        while (await heads.TryNextAsync(TimeSpan.FromMilliseconds(200)) is (true, _)) { }

        var mined = new List<BlockWithTransactionHashes>();
        for (int i = 0; i < 3; i++)
        {
            await Devnet.DevTools.MineAsync();
            mined.Add((await Devnet.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!);
        }
        var received = new List<Block>();
        for (int i = 0; i < 3; i++) received.Add(await heads.NextAsync(Step));

        Assert.Equal(mined.Select(b => b.Number.Value), received.Select(h => h.Number.Value));
        Assert.Equal(mined.Select(b => b.BlockHash), received.Select(h => h.BlockHash));
        Assert.Equal(received[0].BlockHash, received[1].ParentHash);
        Assert.All(received, h => Assert.NotNull(h.BaseFeePerGas));
        Assert.False((await heads.TryNextAsync(TimeSpan.FromMilliseconds(200))).Got);
    }

    [Fact]
    public async Task SubscribeLogs_yields_the_logs_of_transactions_sent_after_subscribing_decodable_as_events()
    {
        var service = await RoundTripService.DeployContractAndGetServiceAsync(Web3(), new RoundTripDeployment { Greeting = "ws", Start = 0 });
        await using var ws = new SubscriptionClient(Devnet.Node.WebSocketUrl.ToString());
        await using var logs = new StreamPump<FilterLog>(ct => ws.SubscribeLogsAsync(AddedFilter(service.ContractAddress), ct), Lifetime);
        await WarmUpAsync(logs, () => service.AddRequestAndWaitForReceiptAsync(0));

        var receipts = new List<TransactionReceipt>();
        for (int amount = 1; amount <= 3; amount++)
            receipts.Add(await new RoundTripService(Web3(amount % 2), service.ContractAddress).AddRequestAndWaitForReceiptAsync(amount));
        var decoded = new List<EventLog<AddedEventDTO>>();
        while (decoded.Count < 3)
        {
            var log = await logs.NextAsync(Step);
            var added = EventLogs.TryDecode<AddedEventDTO>(log);
            Assert.NotNull(added);
            if (added!.Event.Amount != 0) decoded.Add(added); // late warm-up logs carry amount 0
        }

        Assert.Equal([1, 2, 3], decoded.Select(e => (int)e.Event.Amount));
        Assert.Equal(receipts.Select(r => r.TransactionHash), decoded.Select(e => e.Log.TransactionHash));
        Assert.Equal(Devnet.Node.Accounts[1].Address, decoded[0].Event.By);
        Assert.Equal(Devnet.Node.Accounts[0].Address, decoded[1].Event.By);
        var total = (await service.CounterQueryAsync());
        Assert.Equal(total, decoded[2].Event.Total);
        Assert.False((await logs.TryNextAsync(TimeSpan.FromMilliseconds(200))).Got);
    }
}

/// <summary>
/// The fault case on a node of its own (never the shared one): the node restarts under a running log subscription, and the
/// stream reconnects, resubscribes and keeps delivering new logs without duplicates.
/// </summary>
public class WebSocketReconnectTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_log_subscription_survives_a_node_restart_and_delivers_new_logs_once()
    {
        using var overall = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await using var node = await TestNodes.TestNodes.StartAsync(ct: overall.Token);
        var dev = node.Accounts[0];
        var http = new RpcClient(node.RpcUrl);
        Web3 NewWeb3() => VaultsTransactionManager.CreateWeb3(new Account(dev.PrivateKey, node.ChainId), http,
            new VaultsTransactionManagerOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10), ReceiptTimeout = Step });
        var deployment = new RoundTripDeployment { Greeting = "restart", Start = 0 };

        var service = await RoundTripService.DeployContractAndGetServiceAsync(NewWeb3(), deployment, overall.Token);
        await using var ws = new SubscriptionClient(node.WebSocketUrl.ToString(), new SubscriptionClientOptions
        {
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
            RequestTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });
        await using var logs = new StreamPump<FilterLog>(ct => ws.SubscribeLogsAsync(WebSocketSubscriptionTests.AddedFilter(service.ContractAddress), ct),
            TimeSpan.FromSeconds(30));
        var delivered = new List<FilterLog>();
        async Task<int> NextAmountAsync()
        {
            while (true)
            {
                var log = await logs.NextAsync(Step);
                delivered.Add(log);
                var amount = (int)EventLogs.TryDecode<AddedEventDTO>(log)!.Event.Amount;
                if (amount != 0) return amount; // warm-up logs carry amount 0
            }
        }

        await WebSocketSubscriptionTests.WarmUpAsync(logs, () => service.AddRequestAndWaitForReceiptAsync(0));
        await service.AddRequestAndWaitForReceiptAsync(1);
        Assert.Equal(1, await NextAmountAsync());
        Assert.Equal(1, ws.ConnectionCount);

        await node.RestartAsync(overall.Token);

        // State is not persisted: deploy again. Same deployer, same nonce 0, so the same address, which the filter names.
        var again = await RoundTripService.DeployContractAndGetServiceAsync(NewWeb3(), deployment, overall.Token);
        Assert.Equal(service.ContractAddress, again.ContractAddress);
        await again.AddRequestAndWaitForReceiptAsync(2);
        await again.AddRequestAndWaitForReceiptAsync(3);
        Assert.Equal(2, await NextAmountAsync());
        Assert.Equal(3, await NextAmountAsync());
        // A sentinel sent last must come next: a re-delivered 2 or 3 would show up before it.
        await again.AddRequestAndWaitForReceiptAsync(4);
        Assert.Equal(4, await NextAmountAsync());

        Assert.True(ws.ConnectionCount >= 2, $"expected a reconnect, saw {ws.ConnectionCount} connection(s)");
        Assert.Equal(delivered.Count, delivered.Select(l => (l.BlockHash, l.LogIndex)).Distinct().Count());
        Assert.Equal(delivered.Count, delivered.Select(l => l.TransactionHash).Distinct().Count());
    }
}
