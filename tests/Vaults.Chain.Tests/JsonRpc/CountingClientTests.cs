using System.Text.Json;
using Vaults.Ethereum.JsonRpc;

namespace Vaults.Ethereum.Tests.JsonRpc;

public class CountingClientTests
{
    /// <summary>Answers every request with the result "0x1" and records what reached it.</summary>
    private sealed class EchoClient : IClient
    {
        private static readonly JsonElement One = JsonDocument.Parse("\"0x1\"").RootElement.Clone();

        public List<RpcRequest> Received { get; } = [];

        public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
        {
            Received.Add(request);
            return Task.FromResult(new RpcResponse(1, One, null).GetResult<T>());
        }

        public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            Received.AddRange(requests);
            return Task.FromResult<IReadOnlyList<RpcResponse>>([.. requests.Select((_, i) => new RpcResponse(i, One, null))]);
        }
    }

    [Fact]
    public async Task A_batch_counts_each_of_its_items_per_method_and_passes_everything_through()
    {
        var inner = new EchoClient();
        var counting = new CountingClient(inner);

        var single = await counting.SendRequestAsync<string>(new RpcRequest("eth_blockNumber"));
        var batch = await counting.SendBatchAsync([new("eth_call", "a"), new("eth_call", "b"), new("eth_getBalance", "c")]);
        await counting.SendBatchAsync([]);

        Assert.Equal("0x1", single);
        Assert.Equal(3, batch.Count);
        Assert.Equal(4, inner.Received.Count);
        Assert.Equal(4, counting.Requests);
        Assert.Equal(2, counting.Batches);
        Assert.Equal(new Dictionary<string, int> { ["eth_blockNumber"] = 1, ["eth_call"] = 2, ["eth_getBalance"] = 1 }, counting.ByMethod);
    }

    [Fact]
    public async Task Reset_starts_from_zero_and_concurrent_sends_are_all_counted()
    {
        var counting = new CountingClient(new LockedEchoClient());
        await counting.SendRequestAsync<string>(new RpcRequest("eth_chainId"));
        counting.Reset();
        Assert.Equal(0, counting.Requests);
        Assert.Empty(counting.ByMethod);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => i % 2 == 0
            ? counting.SendRequestAsync<string>(new RpcRequest("eth_call"))
            : counting.SendBatchAsync([new("eth_call"), new("eth_call")]))));

        Assert.Equal(32 + 64, counting.Requests);
        Assert.Equal(32, counting.Batches);
    }

    /// <summary>An <see cref="EchoClient"/> safe to call from several threads.</summary>
    private sealed class LockedEchoClient : IClient
    {
        private readonly EchoClient _echo = new();
        private readonly Lock _gate = new();

        public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
        {
            lock (_gate) return _echo.SendRequestAsync<T>(request, ct);
        }

        public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
        {
            lock (_gate) return _echo.SendBatchAsync(requests, ct);
        }
    }
}
