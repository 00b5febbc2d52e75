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
/// Before scanning it compares the stored checkpoint's hash with the chain and, after a reorg, rewinds to the newest
/// stored checkpoint still on the chain (or <see cref="FactoryScannerOptions.ReorgRewindBlocks"/> back) and reloads the index.
/// </summary>
/// <remarks>Not thread-safe: one keeper loop owns the scanner, the index and the store.</remarks>
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
    private ulong _chunkSize;

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
        var (checkpoint, rewoundTo) = await CheckForReorgAsync(ct).ConfigureAwait(false);
        ulong from = checkpoint is null ? _options.StartBlock : checkpoint.Number + 1;
        if (from > target)
            return new ScanResult(null, checkpoint?.Number ?? 0, 0, 0, rewoundTo);

        KeeperLog.ScanStarted(_logger, from, target);
        int events = 0, chunks = 0;
        ulong next = from;
        while (next <= target)
        {
            ct.ThrowIfCancellationRequested();
            ulong to = Math.Min(target, next + _chunkSize - 1);
            var logs = await GetLogsAsync(next, to, ct).ConfigureAwait(false);
            if (logs is null) continue; // the range was halved; retry from the same block
            events += await ApplyChunkAsync(logs, to, ct).ConfigureAwait(false);
            chunks++;
            KeeperLog.ChunkCommitted(_logger, next, to, logs.Length, _index.Count);
            progress?.Report(new ScanProgress(from, to, target, events, _index.Count));
            next = to + 1;
        }
        KeeperLog.ScanFinished(_logger, target, events, chunks, _index.Count);
        return new ScanResult(from, target, events, chunks, rewoundTo);
    }

    /// <summary>
    /// Compares the stored checkpoint with the chain; on a mismatch rewinds the store and reloads the index.
    /// Returns the checkpoint to continue from and the block rewound to, if any.
    /// </summary>
    private async Task<(BlockCheckpoint? Checkpoint, ulong? RewoundTo)> CheckForReorgAsync(CancellationToken ct)
    {
        var last = await _store.GetLastCheckpointAsync(ct).ConfigureAwait(false);
        if (last is null) return (null, null);
        var chainHash = await BlockHashAsync(last.Number, ct).ConfigureAwait(false);
        if (string.Equals(chainHash, last.Hash, StringComparison.OrdinalIgnoreCase)) return (last, null);

        ulong rewindTo = last.Number >= (ulong)_options.ReorgRewindBlocks ? last.Number - (ulong)_options.ReorgRewindBlocks : 0;
        foreach (var candidate in (await _store.GetCheckpointsAsync(_options.ReorgSearchCheckpoints, ct).ConfigureAwait(false)).Skip(1))
        {
            if (string.Equals(await BlockHashAsync(candidate.Number, ct).ConfigureAwait(false), candidate.Hash, StringComparison.OrdinalIgnoreCase))
            {
                rewindTo = candidate.Number;
                break;
            }
        }
        var after = await _store.RewindAsync(rewindTo, ct).ConfigureAwait(false);
        await _store.LoadIntoAsync(_index, ct).ConfigureAwait(false);
        KeeperLog.ReorgRewound(_logger, last.Number, last.Hash, chainHash, after?.Number ?? 0);
        return (after, after?.Number ?? 0);
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

    private async Task<int> ApplyChunkAsync(FilterLog[] logs, ulong to, CancellationToken ct)
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
        var prices = await LiquidationPricesAsync(open.Select(p => p.Vault).ToList(), to, ct).ConfigureAwait(false);
        var changes = new List<VaultChange>(order.Count);
        int next = 0;
        foreach (var p in order.Select(a => pending[a]))
        {
            changes.Add(p.Open
                ? VaultChange.Upsert(new VaultRecord(p.Vault, p.Owner, p.MarketId, p.IsLong, prices[next++], p.Seq, p.Block))
                : VaultChange.Removal(p.Vault, p.Block, p.Seq));
        }

        var hash = await BlockHashAsync(to, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Block {to} is not on the chain any more (eth_getBlockByNumber returned null).");
        await _store.CommitAsync(changes, new BlockCheckpoint(to, hash), ct).ConfigureAwait(false);
        foreach (var change in changes)
        {
            if (change.Record is { } record) _index.Upsert(record);
            else _index.Remove(change.Vault);
        }
        return applied;
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

    /// <summary><c>liquidationPrice(vault)</c> for each vault at <paramref name="block"/>, in JSON-RPC batches.</summary>
    private async Task<List<UInt256>> LiquidationPricesAsync(IReadOnlyList<Address> vaults, ulong block, CancellationToken ct)
    {
        var result = new List<UInt256>(vaults.Count);
        var at = new BlockParameter(block);
        foreach (var batch in vaults.Chunk(_options.PriceBatchSize))
        {
            var requests = batch.Select(v => new RpcRequest("eth_call",
                new LiquidationPriceFunction { Vault = v }.CreateCallInput(_factory), at)).ToList();
            var responses = await _web3.Client.SendBatchAsync(requests, ct).ConfigureAwait(false);
            foreach (var response in responses)
            {
                var bytes = HexConvert.ToBytes(response.GetResult<string>());
                if (bytes.Length != 32)
                    throw new InvalidOperationException($"liquidationPrice returned {bytes.Length} bytes, not 32.");
                result.Add(UInt256.FromBigEndian(bytes));
            }
        }
        return result;
    }

    private async Task<string?> BlockHashAsync(ulong number, CancellationToken ct) =>
        (await _web3.Eth.GetBlockByNumberAsync(new BlockParameter(number), ct).ConfigureAwait(false))?.Hash.ToLowerInvariant();

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
