using System.Numerics;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Keeper.Index;
using Vaults.Keeper.Storage;

namespace Vaults.Keeper.Scanning;

/// <summary>
/// Turns one chunk's logs into vault changes for the store and the index. The factory's vault events (VaultOpened, PositionChanged,
/// MarginChanged, VaultClosed, VaultLiquidated) are applied in (block, log index) order, by per-vault sequence number, for the vaults
/// of this shard; the touched vaults' liquidation prices are read at the chunk's last block.
/// <para>
/// A vault's liquidation price also depends on its market's maintenance tiers and close fee, which change without any vault event:
/// MarketConfig's <c>MarketParamsSet</c> (setMarketParams, createMarket). After one, every indexed vault of that market is re-read
/// and the moved prices recorded at the event's block. MarketConfig's other events (pause, unpause, sequencer feed) change whether a
/// liquidation is allowed now, not the price at which a vault becomes liquidatable: the confirmation read covers them.
/// </para>
/// </summary>
internal sealed class ChunkChanges(VaultIndex index, KeeperShard shard, Address factory, Address marketConfig, LiquidationPriceReader prices)
{
    /// <summary>topic0 of every event the scanner asks eth_getLogs for (factory and MarketConfig).</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        EventLogs.Topic0<VaultOpenedEventDTO>(),
        EventLogs.Topic0<PositionChangedEventDTO>(),
        EventLogs.Topic0<MarginChangedEventDTO>(),
        EventLogs.Topic0<VaultClosedEventDTO>(),
        EventLogs.Topic0<VaultLiquidatedEventDTO>(),
        EventLogs.Topic0<MarketParamsSetEventDTO>(),
    ];

    /// <summary>The chunk's vault changes (prices read at <paramref name="to"/>), the number of events applied, and its market parameter changes.</summary>
    public async Task<(List<VaultChange> Changes, int Applied, List<MarketParamsSeen> Markets)> BuildAsync(FilterLog[] logs, ulong to, CancellationToken ct)
    {
        var markets = new List<MarketParamsSeen>();
        var pending = new Dictionary<Address, PendingVault>();
        var order = new List<Address>();
        var repricedMarkets = new Dictionary<uint, ulong>(); // market → block of its last parameter change in the chunk
        int applied = 0;
        foreach (var log in logs.Where(l => !l.Removed).OrderBy(l => l.BlockNumber?.Value ?? 0).ThenBy(l => l.LogIndex?.Value ?? 0))
        {
            ulong block = (ulong)(log.BlockNumber?.Value ?? 0);
            if (!Address.TryParse(log.Address, out var emitter)) continue;
            if (emitter == marketConfig)
            {
                if (EventLogs.TryDecode<MarketParamsSetEventDTO>(log) is not { } set) continue;
                repricedMarkets[(uint)set.Event.MarketId] = block;
                markets.Add(new MarketParamsSeen((uint)set.Event.MarketId, Address.Parse(set.Event.Params.Feed), block));
            }
            else if (emitter != factory) continue;
            else if (EventLogs.TryDecode<VaultOpenedEventDTO>(log) is { } opened)
            {
                var e = opened.Event;
                if (!shard.Owns(e.Vault) || Find(pending, e.Vault) is not null) continue;
                pending[e.Vault] = new PendingVault(e.Vault, e.Owner, (uint)e.MarketId, e.IsLong, (uint)e.Seq, block);
                order.Add(e.Vault);
            }
            else if (EventLogs.TryDecode<PositionChangedEventDTO>(log) is { } position)
            {
                if (!Touch(pending, order, position.Event.Vault, position.Event.Seq, block)) continue;
            }
            else if (EventLogs.TryDecode<MarginChangedEventDTO>(log) is { } margin)
            {
                if (!Touch(pending, order, margin.Event.Vault, margin.Event.Seq, block)) continue;
            }
            else if (EventLogs.TryDecode<VaultClosedEventDTO>(log) is { } closed)
            {
                if (!Touch(pending, order, closed.Event.Vault, closed.Event.Seq, block)) continue;
                pending[closed.Event.Vault].Open = false;
            }
            else if (EventLogs.TryDecode<VaultLiquidatedEventDTO>(log) is { } liquidated)
            {
                if (!Touch(pending, order, liquidated.Event.Vault, liquidated.Event.Seq, block)) continue;
                if (liquidated.Event.Full) pending[liquidated.Event.Vault].Open = false;
            }
            else continue;
            applied++;
        }

        // Vaults with events in the chunk get their price at `to` below anyway; the others of a repriced market are re-read with them.
        var repriced = repricedMarkets.SelectMany(m => index.VaultsOf(m.Key)).Where(r => !pending.ContainsKey(r.Vault)).ToList();
        var open = order.Select(a => pending[a]).Where(p => p.Open).ToList();
        var read = await prices.ReadAsync([.. open.Select(p => p.Vault), .. repriced.Select(r => r.Vault)], to, ct).ConfigureAwait(false);

        var changes = new List<VaultChange>(order.Count + repriced.Count);
        int next = 0;
        foreach (var p in order.Select(a => pending[a]))
        {
            // The price read at `to` includes a later parameter change of the vault's market: the record dates from that.
            ulong block = repricedMarkets.TryGetValue(p.MarketId, out var changed) ? Math.Max(p.Block, changed) : p.Block;
            changes.Add(p.Open
                ? VaultChange.Upsert(new VaultRecord(p.Vault, p.Owner, p.MarketId, p.IsLong, read[next++], p.Seq, block))
                : VaultChange.Removal(p.Vault, p.Block, p.Seq));
        }
        foreach (var record in repriced)
        {
            var price = read[next++];
            if (price != record.LiquidationPrice)
                changes.Add(VaultChange.Upsert(record with { LiquidationPrice = price, Block = repricedMarkets[record.MarketId] }));
        }
        return (changes, applied, markets);
    }
    /// <summary>The chunk's pending state of <paramref name="vault"/>, starting from the index; null when not indexed by this shard.</summary>
    private PendingVault? Find(Dictionary<Address, PendingVault> pending, Address vault)
    {
        if (pending.TryGetValue(vault, out var p)) return p;
        return index.TryGet(vault, out var r) ? new PendingVault(r.Vault, r.Owner, r.MarketId, r.IsLong, r.Seq, r.Block) : null;
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
