using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Keeper.Index;
using Vaults.Keeper.Storage;

namespace Vaults.Keeper.Scanning;

/// <summary>
/// Brings a <see cref="VaultIndex"/> and its <see cref="VaultIndexStore"/> up to a block from the factory's vault events and
/// MarketConfig's market parameter changes (see <see cref="ChunkChanges"/>): chunked eth_getLogs over both contracts from the stored
/// checkpoint (or <see cref="FactoryScannerOptions.StartBlock"/>), the liquidation prices the chunk moved read in JSON-RPC batches at
/// its last block, and one store transaction per chunk.
/// Before scanning, <see cref="ReorgRewinder"/> rewinds the store after a reorg. Each chunk's last block hash is read before and after
/// its logs and prices, and the chunk is read again when they differ, so a checkpoint never records a hash its data did not come from.
/// History older than <see cref="FactoryScannerOptions.FinalityDepth"/> blocks is pruned from the store.
/// </summary>
public sealed class FactoryEventScanner
{
    private readonly IWeb3 _web3;
    private readonly string[] _emitters;
    private readonly VaultIndex _index;
    private readonly VaultIndexStore _store;
    private readonly FactoryScannerOptions _options;
    private readonly KeeperShard _shard;
    private readonly ILogger _logger;
    private readonly ChainHeaders _headers;
    private readonly ReorgRewinder _reorgs;
    private readonly ChunkChanges _changes;
    private const int MaxChunkRereads = 3;

    private ulong _chunkSize;
    private ulong? _prunedBelow;

    /// <summary>
    /// Creates a scanner of <paramref name="factory"/>'s vault events and <paramref name="marketConfig"/>'s market parameter changes
    /// into <paramref name="index"/> and <paramref name="store"/>.
    /// </summary>
    public FactoryEventScanner(IWeb3 web3, Address factory, Address marketConfig, VaultIndex index, VaultIndexStore store, FactoryScannerOptions options,
        KeeperShard shard = default, ILogger<FactoryEventScanner>? logger = null)
    {
        _web3 = web3 ?? throw new ArgumentNullException(nameof(web3));
        _emitters = [factory.ToLowerHex(), marketConfig.ToLowerHex()];
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _shard = shard;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _chunkSize = (ulong)Math.Max(1, options.ChunkSize);
        _headers = new ChainHeaders(web3);
        _reorgs = new ReorgRewinder(_headers, index, store, options, _logger);
        _changes = new ChunkChanges(index, shard, factory, marketConfig, new LiquidationPriceReader(web3, factory, options.PriceBatchSize));
    }

    /// <summary>The current eth_getLogs range, in blocks (the option, or less after "range too large" errors).</summary>
    public ulong ChunkSize => _chunkSize;

    /// <summary>
    /// Scans up to <paramref name="targetBlock"/> (the latest block when null), reporting progress after each chunk.
    /// </summary>
    /// <exception cref="RpcClientException">An RPC error other than a refused range (the store keeps every chunk committed before it).</exception>
    public async Task<ScanResult> ScanAsync(ulong? targetBlock = null, IProgress<ScanProgress>? progress = null, CancellationToken ct = default)
    {
        ulong target = targetBlock ?? (ulong)(await _web3.Eth.BlockNumberAsync(ct).ConfigureAwait(false)).Value;
        var (checkpoint, rewoundTo) = await _reorgs.CheckAsync(ct).ConfigureAwait(false);
        ulong from = checkpoint is null ? _options.StartBlock : checkpoint.Number + 1;
        if (from > target)
            return new ScanResult(null, checkpoint?.Number ?? 0, 0, 0, rewoundTo);

        KeeperLog.ScanStarted(_logger, from, target);
        int events = 0, chunks = 0, reorged = 0;
        var markets = new List<MarketParamsSeen>();
        ulong next = from;
        while (next <= target)
        {
            ct.ThrowIfCancellationRequested();
            ulong to = Math.Min(target, next + _chunkSize - 1);
            var hash = await _headers.HashAsync(to, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Block {to} is not on the chain any more (eth_getBlockByNumber returned null).");
            var logs = await GetLogsAsync(next, to, ct).ConfigureAwait(false);
            if (logs is null) continue; // the range was halved; retry from the same block
            var (changes, applied, chunkMarkets) = await _changes.BuildAsync(logs, to, ct).ConfigureAwait(false);

            // Logs and prices must come from the chain whose block `to` has `hash`: after a reorg in between, recording `hash` would
            // hide the reorg from the next scan's check. Read the chunk again (a few times, then let the caller retry later).
            var hashAfter = await _headers.HashAsync(to, ct).ConfigureAwait(false);
            if (!string.Equals(hash, hashAfter, StringComparison.OrdinalIgnoreCase))
            {
                KeeperLog.ChunkReorged(_logger, next, to, hash, hashAfter);
                if (++reorged > MaxChunkRereads)
                    throw new InvalidOperationException($"Blocks {next}-{to} kept changing while they were read ({MaxChunkRereads} times); the chain is reorganising.");
                continue;
            }
            await CommitAsync(changes, new BlockCheckpoint(to, hash), ct).ConfigureAwait(false);
            events += applied;
            markets.AddRange(chunkMarkets);
            chunks++;
            KeeperLog.ChunkCommitted(_logger, next, to, logs.Length, _index.Count);
            progress?.Report(new ScanProgress(from, to, target, events, _index.Count));
            next = to + 1;
        }
        await PruneAsync(target, ct).ConfigureAwait(false);
        KeeperLog.ScanFinished(_logger, events > 0 ? LogLevel.Information : LogLevel.Debug, target, events, chunks, _index.Count);
        return new ScanResult(from, target, events, chunks, rewoundTo) { MarketParams = markets };
    }

    /// <summary>
    /// Drops the store's reorg history below the finality depth, once per <see cref="FactoryScannerOptions.FinalityDepth"/> blocks:
    /// the checkpoint and version tables stay about two depths long instead of growing a row per block.
    /// </summary>
    private async Task PruneAsync(ulong head, CancellationToken ct)
    {
        ulong depth = (ulong)_options.FinalityDepth;
        if (head < depth) return;
        ulong below = head - depth;
        if (_prunedBelow is { } last && below < last + depth) return;
        await _store.PruneAsync(below, ct).ConfigureAwait(false);
        _prunedBelow = below;
        KeeperLog.Pruned(_logger, below);
    }

    /// <summary>eth_getLogs over [from, to], or null after halving the chunk on a refused range.</summary>
    private async Task<FilterLog[]?> GetLogsAsync(ulong from, ulong to, CancellationToken ct)
    {
        var filter = new NewFilterInput
        {
            Address = _emitters,
            FromBlock = new BlockParameter(from),
            ToBlock = new BlockParameter(to),
            Topics = new object[] { ChunkChanges.Topics.ToArray() },
        };
        try
        {
            return await _web3.Eth.GetLogsAsync(filter, ct).ConfigureAwait(false);
        }
        catch (RpcResponseException e) when (LogRangeReader.IsRangeTooLarge(e) && to > from)
        {
            ulong blocks = to - from + 1;
            _chunkSize = Math.Max(1, blocks / 2);
            KeeperLog.ChunkHalved(_logger, blocks, e.RpcError.Message, _chunkSize);
            return null;
        }
    }

    /// <summary>Records the chunk in the store, then applies it to the index (the index never runs ahead of the store).</summary>
    private async Task CommitAsync(List<VaultChange> changes, BlockCheckpoint checkpoint, CancellationToken ct)
    {
        await _store.CommitAsync(changes, checkpoint, ct).ConfigureAwait(false);
        foreach (var change in changes)
        {
            if (change.Record is { } record) _index.Upsert(record);
            else _index.Remove(change.Vault);
        }
    }
}
