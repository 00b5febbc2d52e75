using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain.Tests.Extensions;

/// <summary>Bounded eth_getLogs ranges over Nethereum's RPC client, against a node (a Nethereum request interceptor) that caps the range.</summary>
public sealed class LogRangeReaderTests
{
    /// <summary>Answers eth_getLogs instead of the node: refuses more than <paramref name="maxRange"/> blocks, else one log per block.</summary>
    private sealed class CappedNode(ulong maxRange, int errorCode, string message) : RequestInterceptor
    {
        public List<(ulong From, ulong To)> Calls { get; } = [];

        public override Task<object> InterceptSendRequestAsync<T>(Func<RpcRequest, string, Task<T>> interceptedSendRequestAsync, RpcRequest request, string? route = null)
        {
            Assert.Equal("eth_getLogs", request.Method);
            var filter = (NewFilterInput)request.RawParameters[0];
            var from = (ulong)filter.FromBlock.BlockNumber.Value;
            var to = (ulong)filter.ToBlock.BlockNumber.Value;
            Calls.Add((from, to));
            if (to - from + 1 > maxRange) throw new RpcResponseException(new RpcError(errorCode, message));
            FilterLog[] logs = [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(b => new FilterLog { BlockNumber = new HexBigInteger(b) })];
            return Task.FromResult<object>(logs);
        }
    }

    private static IEthApiService Eth(RequestInterceptor node) =>
        new EthApiService(new RpcClient(new Uri("http://127.0.0.1:1/")) { OverridingRequestInterceptor = node });

    [Theory]
    [InlineData(-32005, "query returned more than 10000 results")]
    [InlineData(-32000, "eth_getLogs block range is too large, max is 100")]
    public async Task A_refused_range_is_halved_until_the_node_accepts_it_and_every_block_is_read_once(int code, string message)
    {
        var node = new CappedNode(maxRange: 100, code, message);
        var reader = new LogRangeReader(Eth(node), chunkSize: 1_000);

        var logs = await reader.GetLogsAsync(new NewFilterInput { Address = ["0x01"] }, fromBlock: 10, toBlock: 1_009);

        Assert.Equal(Enumerable.Range(10, 1_000).Select(b => (long)b), logs.Select(l => (long)l.BlockNumber.Value));
        Assert.Equal(62ul, reader.ChunkSize); // 1000 → 500 → 250 → 125 → 62
        var accepted = node.Calls.Where(c => c.To - c.From + 1 <= 100).ToList();
        Assert.Equal(10ul, accepted[0].From);
        Assert.All(accepted.Zip(accepted.Skip(1)), pair => Assert.Equal(pair.First.To + 1, pair.Second.From));
        Assert.Equal(1_009ul, accepted[^1].To);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var node = new CappedNode(maxRange: 0, -32601, "method not found");
        var reader = new LogRangeReader(Eth(node));

        await Assert.ThrowsAsync<RpcResponseException>(() => reader.GetLogsAsync(new NewFilterInput(), 0, 10));
        Assert.Single(node.Calls);
    }
}
