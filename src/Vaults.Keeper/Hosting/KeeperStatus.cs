namespace Vaults.Keeper.Hosting;

/// <summary>
/// What the running keeper has done so far (a singleton of the host; read by /healthz, /metrics, the CLI and tests).
/// Written by the keeper loop only, read from anywhere.
/// </summary>
public sealed class KeeperStatus
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastBlock = -1;
    private int _vaultsIndexed;
    private long _liquidations;
    private long _rounds;
    private long _rpcErrors;
    private long _scanFromBlock = -1;
    private readonly Lock _rpcLock = new();
    private DateTimeOffset? _rpcFailingSince;
    private string? _lastRpcError;

    /// <summary>True once the first scan reached the chain head (the keeper is ready).</summary>
    public bool IsSynced => _synced.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the first scan reached the chain head.</summary>
    public Task WaitUntilSyncedAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    /// <summary>The last block processed into the index (-1 before the first scan).</summary>
    public long LastBlock => Interlocked.Read(ref _lastBlock);

    /// <summary>Open vaults in this keeper's index (its shard).</summary>
    public int VaultsIndexed => Volatile.Read(ref _vaultsIndexed);

    /// <summary>Vaults liquidated by this keeper since start.</summary>
    public long Liquidations => Interlocked.Read(ref _liquidations);

    /// <summary>Liquidation rounds run since start.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Failed JSON-RPC calls (each attempt) since start.</summary>
    public long RpcErrors => Interlocked.Read(ref _rpcErrors);

    /// <summary>
    /// The first block of the start-up scan: the deployment block on a fresh database, the block after the stored
    /// checkpoint on a restart (-1 until the scan ran, or when there was nothing new to scan).
    /// </summary>
    public long StartupScanFromBlock => Interlocked.Read(ref _scanFromBlock);

    /// <summary>
    /// Since when every JSON-RPC attempt has failed (null while the node answers), and the last failure: a keeper that cannot see the
    /// chain is degraded, not healthy (<c>/healthz</c> says so with the reason and the duration).
    /// </summary>
    public (DateTimeOffset Since, string Error)? RpcFailing
    {
        get
        {
            lock (_rpcLock) return _rpcFailingSince is { } since ? (since, _lastRpcError!) : null;
        }
    }

    /// <summary>Why the keeper stopped on its own, if it did.</summary>
    public string? FatalError { get; private set; }

    internal void MarkSynced() => _synced.TrySetResult();

    internal void SetStartupScanFrom(ulong block) => Interlocked.Exchange(ref _scanFromBlock, (long)block);

    internal void SetIndex(ulong lastBlock, int vaults)
    {
        Interlocked.Exchange(ref _lastBlock, (long)lastBlock);
        Volatile.Write(ref _vaultsIndexed, vaults);
    }

    internal void AddLiquidations(int count) => Interlocked.Add(ref _liquidations, count);

    internal void AddRound() => Interlocked.Increment(ref _rounds);

    internal void AddRpcError() => Interlocked.Increment(ref _rpcErrors);

    /// <summary>A JSON-RPC attempt failed in transport (the node did not answer).</summary>
    internal void RpcFailed(string error)
    {
        Interlocked.Increment(ref _rpcErrors);
        lock (_rpcLock)
        {
            _rpcFailingSince ??= DateTimeOffset.UtcNow;
            _lastRpcError = error;
        }
    }

    /// <summary>The node answered a JSON-RPC call (an answer, or an error answer): it is reachable again.</summary>
    internal void RpcAnswered()
    {
        lock (_rpcLock) _rpcFailingSince = null;
    }

    internal void Fail(string error)
    {
        FatalError = error;
        _synced.TrySetException(new InvalidOperationException(error));
    }
}
