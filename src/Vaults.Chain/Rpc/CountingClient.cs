using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;

namespace Vaults.Chain;

/// <summary>
/// A Nethereum <see cref="IClient"/> decorator that counts the JSON-RPC requests passing through it, per method: a single request counts
/// one, a batch counts each of its items (a node does the work of every item, whatever the transport packs). Used to measure how many
/// calls a keeper makes per price update; thread-safe, so concurrent senders are counted exactly.
/// </summary>
public sealed class CountingClient(IClient inner) : IClient
{
    private readonly IClient _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byMethod = new(StringComparer.Ordinal);
    private int _batches;

    /// <summary>Requests counted since the last <see cref="Reset"/>, batch items included.</summary>
    public int Requests
    {
        get { lock (_gate) return _byMethod.Values.Sum(); }
    }

    /// <summary>JSON-RPC batches (round trips carrying several requests) since the last <see cref="Reset"/>.</summary>
    public int Batches
    {
        get { lock (_gate) return _batches; }
    }

    /// <summary>A copy of the counts per method since the last <see cref="Reset"/>.</summary>
    public IReadOnlyDictionary<string, int> ByMethod
    {
        get { lock (_gate) return new Dictionary<string, int>(_byMethod, StringComparer.Ordinal); }
    }

    /// <summary>Sets every count back to zero.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _byMethod.Clear();
            _batches = 0;
        }
    }

    /// <inheritdoc />
    public RequestInterceptor OverridingRequestInterceptor
    {
        get => _inner.OverridingRequestInterceptor;
        set => _inner.OverridingRequestInterceptor = value;
    }

    /// <inheritdoc />
    public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch rpcRequestResponseBatch)
    {
        lock (_gate)
        {
            _batches++;
            foreach (var item in rpcRequestResponseBatch.BatchItems) Count(item.RpcRequestMessage.Method);
        }
        return _inner.SendBatchRequestAsync(rpcRequestResponseBatch);
    }

    /// <inheritdoc />
    public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null)
    {
        Counted(request.Method);
        return _inner.SendRequestAsync<T>(request, route);
    }

    /// <inheritdoc />
    public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        Counted(rpcRequestMessage.Method);
        return _inner.SendAsync(rpcRequestMessage, route);
    }

    /// <inheritdoc />
    public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList)
    {
        Counted(method);
        return _inner.SendRequestAsync<T>(method, route, paramList);
    }

    /// <inheritdoc />
    public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => _inner.DecodeResult<T>(rpcResponseMessage);

    /// <inheritdoc />
    public Task SendRequestAsync(RpcRequest request, string? route = null)
    {
        Counted(request.Method);
        return _inner.SendRequestAsync(request, route);
    }

    /// <inheritdoc />
    public Task SendRequestAsync(string method, string? route = null, params object[] paramList)
    {
        Counted(method);
        return _inner.SendRequestAsync(method, route, paramList);
    }

    private void Counted(string method)
    {
        lock (_gate) Count(method);
    }

    private void Count(string method) => _byMethod[method] = _byMethod.GetValueOrDefault(method) + 1;
}
