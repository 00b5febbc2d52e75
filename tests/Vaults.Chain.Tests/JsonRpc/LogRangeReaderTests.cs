using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Tests.JsonRpc;

public sealed class LogRangeReaderTests
{
    /// <summary>A node that refuses eth_getLogs over more than <paramref name="maxRange"/> blocks and has one log in every block.</summary>
    private sealed class CappedNode(ulong maxRange, int errorCode, string message) : IClient
    {
        public List<(ulong From, ulong To)> Calls { get; } = [];

        public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
        {
            Assert.Equal("eth_getLogs", request.Method);
            var filter = (NewFilterInput)request.Params[0]!;
            var from = (ulong)filter.FromBlock!.BlockNumber!.Value.Value;
            var to = (ulong)filter.ToBlock!.BlockNumber!.Value.Value;
            Calls.Add((from, to));
            if (to - from + 1 > maxRange) throw new RpcResponseException("eth_getLogs", "http://node/", new RpcError(errorCode, message));
            FilterLog[] logs = [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(b => new FilterLog { BlockNumber = new HexBigInteger(b) })];
            return Task.FromResult((T)(object)logs);
        }

        public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }

    [Theory]
    [InlineData(-32005, "query returned more than 10000 results")]
    [InlineData(-32000, "eth_getLogs block range is too large, max is 100")]
    public async Task A_refused_range_is_halved_until_the_node_accepts_it_and_every_block_is_read_once(int code, string message)
    {
        var node = new CappedNode(maxRange: 100, code, message);
        var reader = new LogRangeReader(new EthApiService(node), chunkSize: 1_000);

        var logs = await reader.GetLogsAsync(new NewFilterInput { Address = ["0x01"] }, fromBlock: 10, toBlock: 1_009);

        Assert.Equal(Enumerable.Range(10, 1_000).Select(b => (long)b), logs.Select(l => (long)l.BlockNumber!.Value.Value));
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
        var reader = new LogRangeReader(new EthApiService(node));

        await Assert.ThrowsAsync<RpcResponseException>(() => reader.GetLogsAsync(new NewFilterInput(), 0, 10));
        Assert.Single(node.Calls);
    }
}
