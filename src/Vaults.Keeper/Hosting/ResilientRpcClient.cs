using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Vaults.Ethereum.JsonRpc;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// An <see cref="IClient"/> that retries transport failures and timeouts with exponential backoff and jitter (Polly.Core), and
/// counts every failed attempt in <see cref="KeeperStatus.RpcErrors"/>. A node's error answer (<see cref="RpcResponseException"/>:
/// a revert, a rejected transaction) is returned at once: retrying it would give the same answer.
/// </summary>
internal sealed class ResilientRpcClient : IClient
{
    private readonly IClient _inner;
    private readonly KeeperStatus _status;
    private readonly ResiliencePipeline _pipeline;

    public ResilientRpcClient(IClient inner, int retries, KeeperStatus status, ILogger logger)
    {
        _inner = inner;
        _status = status;
        var builder = new ResiliencePipelineBuilder();
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    HostingLog.RpcRetry(logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = builder.Build();
    }

    public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default) =>
        _pipeline.ExecuteAsync(async token => await Counted(() => _inner.SendRequestAsync<T>(request, token)).ConfigureAwait(false), ct).AsTask();

    public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default) =>
        _pipeline.ExecuteAsync(async token => await Counted(() => _inner.SendBatchAsync(requests, token)).ConfigureAwait(false), ct).AsTask();

    /// <summary>Transport failures, HTTP errors and timeouts; not the node's own error answers, not cancellation.</summary>
    internal static bool IsTransient(Exception e) => e is RpcClientException and not RpcResponseException or HttpRequestException or TimeoutException;

    private async Task<T> Counted<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e))
        {
            _status.AddRpcError();
            throw;
        }
    }
}
