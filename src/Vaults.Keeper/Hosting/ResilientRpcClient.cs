using Microsoft.Extensions.Logging;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Polly;
using Polly.Retry;
using Vaults.Chain;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// A Nethereum <see cref="IClient"/> decorator that retries transport failures and timeouts with exponential backoff and jitter
/// (Polly.Core), bounds each attempt by a timeout, and counts every failed attempt in <see cref="KeeperStatus.RpcErrors"/>. A node's error answer
/// (<see cref="RpcResponseException"/>: a revert, a rejected transaction) is returned at once: retrying it would give the same answer.
/// </summary>
internal sealed class ResilientRpcClient : IClient
{
    private readonly IClient _inner;
    private readonly KeeperStatus _status;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">Per attempt (Nethereum's own HTTP timeout is one static setting for the process).</param>
    public ResilientRpcClient(IClient inner, int retries, TimeSpan timeout, KeeperStatus status, ILogger logger)
    {
        _inner = inner;
        _status = status;
        _timeout = timeout;
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

    public RequestInterceptor OverridingRequestInterceptor
    {
        get => _inner.OverridingRequestInterceptor;
        set => _inner.OverridingRequestInterceptor = value;
    }

    public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null) => Retried(() => _inner.SendRequestAsync<T>(request, route));

    public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList) =>
        Retried(() => _inner.SendRequestAsync<T>(method, route, paramList));

    public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null) => Retried(() => _inner.SendAsync(rpcRequestMessage, route));

    public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch rpcRequestResponseBatch) =>
        Retried(() => _inner.SendBatchRequestAsync(rpcRequestResponseBatch));

    public Task SendRequestAsync(RpcRequest request, string? route = null) => Retried(async () =>
    {
        await _inner.SendRequestAsync(request, route).ConfigureAwait(false);
        return true;
    });

    public Task SendRequestAsync(string method, string? route = null, params object[] paramList) => Retried(async () =>
    {
        await _inner.SendRequestAsync(method, route, paramList).ConfigureAwait(false);
        return true;
    });

    public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => _inner.DecodeResult<T>(rpcResponseMessage);

    /// <summary>Transport failures, HTTP errors and timeouts; not the node's own error answers, not cancellation.</summary>
    internal static bool IsTransient(Exception e) => RpcFailures.IsTransport(e);

    // Nethereum's calls take no CancellationToken; callers stop waiting with WaitAsync, and a retry after that is harmless.
    private Task<T> Retried<T>(Func<Task<T>> call) =>
        _pipeline.ExecuteAsync(async _ => await Counted(call).ConfigureAwait(false), CancellationToken.None).AsTask();

    private async Task<T> Counted<T>(Func<Task<T>> call)
    {
        try
        {
            var answer = await call().WaitAsync(_timeout).ConfigureAwait(false);
            _status.RpcAnswered();
            return answer;
        }
        catch (Exception e) when (IsTransient(e))
        {
            _status.RpcFailed(RpcFailures.Reason(e));
            throw;
        }
        catch (RpcResponseException)
        {
            _status.RpcAnswered(); // an error answer is an answer: the node is there
            throw;
        }
    }
}
