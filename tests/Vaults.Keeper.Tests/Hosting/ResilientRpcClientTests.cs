using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Ethereum.JsonRpc;
using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

/// <summary>The retry policy, over a client that fails a given number of times (the node-level behaviour is covered by the integration tests).</summary>
public sealed class ResilientRpcClientTests
{
    private sealed class FlakyClient(int failures, Func<Exception> failure) : IClient
    {
        public int Calls { get; private set; }

        public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
        {
            Calls++;
            if (Calls <= failures) throw failure();
            return Task.FromResult((T)(object)"0x1");
        }

        public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default) =>
            throw new NotSupportedException();
    }

    private static RpcClientTimeoutException Timeout() => new("eth_blockNumber", "http://127.0.0.1:1/", TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Timeouts_are_retried_with_backoff_and_counted()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(2, Timeout);
        var client = new ResilientRpcClient(flaky, retries: 3, status, NullLogger.Instance);
        Assert.Equal("0x1", await client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber")));
        Assert.Equal(3, flaky.Calls);
        Assert.Equal(2, status.RpcErrors);
    }

    [Fact]
    public async Task After_the_last_retry_the_error_surfaces()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(10, Timeout);
        var client = new ResilientRpcClient(flaky, retries: 2, status, NullLogger.Instance);
        await Assert.ThrowsAsync<RpcClientTimeoutException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_blockNumber")));
        Assert.Equal(3, flaky.Calls);
        Assert.Equal(3, status.RpcErrors);
    }

    [Fact]
    public async Task A_node_error_answer_such_as_a_revert_is_not_retried_nor_counted()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(10, () => new RpcResponseException("eth_estimateGas", null, new RpcError(3, "execution reverted", null)));
        var client = new ResilientRpcClient(flaky, retries: 3, status, NullLogger.Instance);
        await Assert.ThrowsAsync<RpcResponseException>(() => client.SendRequestAsync<string>(new RpcRequest("eth_estimateGas")));
        Assert.Equal(1, flaky.Calls);
        Assert.Equal(0, status.RpcErrors);
    }
}
