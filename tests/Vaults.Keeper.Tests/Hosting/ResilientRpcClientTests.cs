using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Vaults.Chain;
using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

/// <summary>The retry policy, over a client that fails a given number of times (the node-level behaviour is covered by the integration tests).</summary>
public sealed class ResilientRpcClientTests
{
    /// <summary>A Nethereum client that fails its first <paramref name="failures"/> requests, then answers "0x1".</summary>
    private sealed class FlakyClient(int failures, Func<Exception> failure) : IClient
    {
        public int Calls { get; private set; }

        public RequestInterceptor OverridingRequestInterceptor { get; set; } = null!;

        public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null)
        {
            Calls++;
            if (Calls <= failures) throw failure();
            return Task.FromResult((T)(object)"0x1");
        }

        public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList) => SendRequestAsync<T>(new RpcRequest(1, method, paramList), route);

        public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch rpcRequestResponseBatch) => throw new NotSupportedException();

        public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null) => throw new NotSupportedException();

        public Task SendRequestAsync(RpcRequest request, string? route = null) => throw new NotSupportedException();

        public Task SendRequestAsync(string method, string? route = null, params object[] paramList) => throw new NotSupportedException();

        public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => throw new NotSupportedException();
    }

    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(10);

    private static RpcClientTimeoutException Timeout() => new("Rpc timeout after 1000 milliseconds");

    [Fact]
    public async Task Timeouts_are_retried_with_backoff_and_counted()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(2, Timeout);
        var client = new ResilientRpcClient(flaky, retries: 3, PerCall, status, NullLogger.Instance);
        Assert.Equal("0x1", await client.SendRequestAsync<string>(new RpcRequest(1, "eth_blockNumber")));
        Assert.Equal(3, flaky.Calls);
        Assert.Equal(2, status.RpcErrors);
    }

    [Fact]
    public async Task After_the_last_retry_the_error_surfaces()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(10, Timeout);
        var client = new ResilientRpcClient(flaky, retries: 2, PerCall, status, NullLogger.Instance);
        await Assert.ThrowsAsync<RpcClientTimeoutException>(() => client.SendRequestAsync<string>(new RpcRequest(1, "eth_blockNumber")));
        Assert.Equal(3, flaky.Calls);
        Assert.Equal(3, status.RpcErrors);
    }

    [Fact]
    public async Task A_node_error_answer_such_as_a_revert_is_not_retried_nor_counted()
    {
        var status = new KeeperStatus();
        var flaky = new FlakyClient(10, () => new RpcResponseException(new Nethereum.JsonRpc.Client.RpcError(3, "execution reverted")));
        var client = new ResilientRpcClient(flaky, retries: 3, PerCall, status, NullLogger.Instance);
        await Assert.ThrowsAsync<RpcResponseException>(() => client.SendRequestAsync<string>(new RpcRequest(1, "eth_estimateGas")));
        Assert.Equal(1, flaky.Calls);
        Assert.Equal(0, status.RpcErrors);
    }
}
