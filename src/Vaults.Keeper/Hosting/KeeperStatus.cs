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

    internal void Fail(string error)
    {
        FatalError = error;
        _synced.TrySetException(new InvalidOperationException(error));
    }
}
