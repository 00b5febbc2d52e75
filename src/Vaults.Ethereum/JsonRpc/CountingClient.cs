namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// An <see cref="IClient"/> decorator that counts the JSON-RPC requests passing through it, per method: a single request
/// counts one, a batch counts each of its items (a node does the work of every item, whatever the transport packs).
/// Used to measure how many calls a keeper makes per price update; thread-safe, so concurrent senders are counted exactly.
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

    /// <summary>JSON-RPC batches (HTTP round trips carrying several requests) since the last <see cref="Reset"/>.</summary>
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
    public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate) Count(request);
        return _inner.SendRequestAsync<T>(request, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_gate)
        {
            _batches++;
            foreach (var request in requests) Count(request);
        }
        return _inner.SendBatchAsync(requests, ct);
    }

    private void Count(RpcRequest request) =>
        _byMethod[request.Method] = _byMethod.GetValueOrDefault(request.Method) + 1;
}
