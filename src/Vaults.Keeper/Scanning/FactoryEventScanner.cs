using System.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Ethereum;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
using Vaults.Keeper.Index;
using Vaults.Keeper.Storage;

namespace Vaults.Keeper.Scanning;

/// <summary>
/// Brings a <see cref="VaultIndex"/> and its <see cref="VaultIndexStore"/> up to a block from the factory's events
/// (VaultOpened, PositionChanged, MarginChanged, VaultClosed, VaultLiquidated): chunked eth_getLogs from the stored checkpoint
/// (or <see cref="FactoryScannerOptions.StartBlock"/>), events applied in (block, log index) order, the touched vaults'
/// <c>liquidationPrice</c> read in JSON-RPC batches at each chunk's last block, and one store transaction per chunk.
/// Before scanning, <see cref="ReorgRewinder"/> rewinds the store after a reorg. Each chunk's last block hash is read before and after
/// its logs and prices, and the chunk is read again when they differ, so a checkpoint never records a hash its data did not come from.
/// History older than <see cref="FactoryScannerOptions.FinalityDepth"/> blocks is pruned from the store.
/// </summary>
public sealed class FactoryEventScanner
{
    private static readonly string[] Topics =
    [
        HexConvert.ToHex(new VaultOpenedEventDTO().GetEventAbi().Topic0),
        HexConvert.ToHex(new PositionChangedEventDTO().GetEventAbi().Topic0),
        HexConvert.ToHex(new MarginChangedEventDTO().GetEventAbi().Topic0),
        HexConvert.ToHex(new VaultClosedEventDTO().GetEventAbi().Topic0),
        HexConvert.ToHex(new VaultLiquidatedEventDTO().GetEventAbi().Topic0),
    ];

    private readonly IWeb3 _web3;
    private readonly Address _factory;
    private readonly VaultIndex _index;
    private readonly VaultIndexStore _store;
    private readonly FactoryScannerOptions _options;
    private readonly KeeperShard _shard;
    private readonly ILogger _logger;
    private readonly ChainHeaders _headers;
    private readonly ReorgRewinder _reorgs;
    private readonly LiquidationPriceReader _prices;
    private const int MaxChunkRereads = 3;

    private ulong _chunkSize;
    private ulong? _prunedBelow;

    /// <summary>Creates a scanner of <paramref name="factory"/>'s events into <paramref name="index"/> and <paramref name="store"/>.</summary>
    public FactoryEventScanner(IWeb3 web3, Address factory, VaultIndex index, VaultIndexStore store, FactoryScannerOptions options,
        KeeperShard shard = default, ILogger<FactoryEventScanner>? logger = null)
    {
        _web3 = web3 ?? throw new ArgumentNullException(nameof(web3));
        _factory = factory;
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _shard = shard;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _chunkSize = (ulong)Math.Max(1, options.ChunkSize);
        _headers = new ChainHeaders(web3);
        _reorgs = new ReorgRewinder(_headers, index, store, options, _logger);
        _prices = new LiquidationPriceReader(web3, factory, options.PriceBatchSize);
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
        ulong next = from;
        while (next <= target)
        {
            ct.ThrowIfCancellationRequested();
            ulong to = Math.Min(target, next + _chunkSize - 1);
            var hash = await _headers.HashAsync(to, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Block {to} is not on the chain any more (eth_getBlockByNumber returned null).");
            var logs = await GetLogsAsync(next, to, ct).ConfigureAwait(false);
            if (logs is null) continue; // the range was halved; retry from the same block
            var (changes, applied) = await ChangesAsync(logs, to, ct).ConfigureAwait(false);

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
            chunks++;
            KeeperLog.ChunkCommitted(_logger, next, to, logs.Length, _index.Count);
            progress?.Report(new ScanProgress(from, to, target, events, _index.Count));
            next = to + 1;
        }
        await PruneAsync(target, ct).ConfigureAwait(false);
        KeeperLog.ScanFinished(_logger, target, events, chunks, _index.Count);
        return new ScanResult(from, target, events, chunks, rewoundTo);
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
            Address = [_factory.ToLowerHex()],
            FromBlock = new BlockParameter(from),
            ToBlock = new BlockParameter(to),
            Topics = [Topics],
        };
        try
        {
            return await _web3.Eth.GetLogsAsync(filter, ct).ConfigureAwait(false);
        }
        catch (RpcResponseException e) when (IsRangeTooLarge(e) && to > from)
        {
            ulong blocks = to - from + 1;
            _chunkSize = Math.Max(1, blocks / 2);
            KeeperLog.ChunkHalved(_logger, blocks, e.RpcError.Message, _chunkSize);
            return null;
        }
    }

    /// <summary>True for the errors providers return when an eth_getLogs range or result set is too large.</summary>
    internal static bool IsRangeTooLarge(RpcResponseException e)
    {
        if (e.Code == -32005) return true; // "limit exceeded" (Infura, and others)
        var message = e.RpcError.Message;
        string[] hints = ["range", "too many", "too large", "limit", "exceed", "max results", "response size"];
        return hints.Any(h => message.Contains(h, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The chunk's vault changes (prices read at <paramref name="to"/>) and the number of events applied.</summary>
    private async Task<(List<VaultChange> Changes, int Applied)> ChangesAsync(FilterLog[] logs, ulong to, CancellationToken ct)
    {
        var pending = new Dictionary<Address, PendingVault>();
        var order = new List<Address>();
        int applied = 0;
        foreach (var log in logs.Where(l => !l.Removed).OrderBy(l => l.BlockNumber?.Value ?? 0).ThenBy(l => l.LogIndex?.Value ?? 0))
        {
            ulong block = (ulong)(log.BlockNumber?.Value ?? 0);
            if (Event<VaultOpenedEventDTO>.TryDecode(log) is { } opened)
            {
                var e = opened.Event;
                if (!_shard.Owns(e.Vault) || Find(pending, e.Vault) is not null) continue;
                pending[e.Vault] = new PendingVault(e.Vault, e.Owner, (uint)e.MarketId, e.IsLong, (uint)e.Seq, block);
                order.Add(e.Vault);
            }
            else if (Event<PositionChangedEventDTO>.TryDecode(log) is { } position)
            {
                if (!Touch(pending, order, position.Event.Vault, position.Event.Seq, block)) continue;
            }
            else if (Event<MarginChangedEventDTO>.TryDecode(log) is { } margin)
            {
                if (!Touch(pending, order, margin.Event.Vault, margin.Event.Seq, block)) continue;
            }
            else if (Event<VaultClosedEventDTO>.TryDecode(log) is { } closed)
            {
                if (!Touch(pending, order, closed.Event.Vault, closed.Event.Seq, block)) continue;
                pending[closed.Event.Vault].Open = false;
            }
            else if (Event<VaultLiquidatedEventDTO>.TryDecode(log) is { } liquidated)
            {
                if (!Touch(pending, order, liquidated.Event.Vault, liquidated.Event.Seq, block)) continue;
                if (liquidated.Event.Full) pending[liquidated.Event.Vault].Open = false;
            }
            else continue;
            applied++;
        }

        var open = order.Select(a => pending[a]).Where(p => p.Open).ToList();
        var prices = await _prices.ReadAsync([.. open.Select(p => p.Vault)], to, ct).ConfigureAwait(false);
        var changes = new List<VaultChange>(order.Count);
        int next = 0;
        foreach (var p in order.Select(a => pending[a]))
        {
            changes.Add(p.Open
                ? VaultChange.Upsert(new VaultRecord(p.Vault, p.Owner, p.MarketId, p.IsLong, prices[next++], p.Seq, p.Block))
                : VaultChange.Removal(p.Vault, p.Block, p.Seq));
        }

        return (changes, applied);
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

    /// <summary>The chunk's pending state of <paramref name="vault"/>, starting from the index; null when not indexed by this shard.</summary>
    private PendingVault? Find(Dictionary<Address, PendingVault> pending, Address vault)
    {
        if (pending.TryGetValue(vault, out var p)) return p;
        return _index.TryGet(vault, out var r) ? new PendingVault(r.Vault, r.Owner, r.MarketId, r.IsLong, r.Seq, r.Block) : null;
    }

    /// <summary>Applies an event's sequence number and block; false when the vault is not ours or the event was already applied.</summary>
    private bool Touch(Dictionary<Address, PendingVault> pending, List<Address> order, Address vault, BigInteger seq, ulong block)
    {
        var p = Find(pending, vault);
        if (p is null || !p.Open || (uint)seq <= p.Seq) return false;
        if (pending.TryAdd(vault, p)) order.Add(vault);
        p.Seq = (uint)seq;
        p.Block = block;
        return true;
    }

    private sealed class PendingVault(Address vault, Address owner, uint marketId, bool isLong, uint seq, ulong block)
    {
        public Address Vault { get; } = vault;
        public Address Owner { get; } = owner;
        public uint MarketId { get; } = marketId;
        public bool IsLong { get; } = isLong;
        public uint Seq { get; set; } = seq;
        public ulong Block { get; set; } = block;
        public bool Open { get; set; } = true;
    }
}
