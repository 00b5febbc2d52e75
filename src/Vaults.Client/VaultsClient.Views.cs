using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Client;

// Vault views: positions from the factory, health (equity, margin ratio, liquidation price) from the lens, both in
// bounded batches; the vault list from the factory's VaultOpened events since the deployment block, in bounded ranges.
public sealed partial class VaultsClient
{
    /// <summary>One vault; a one-line error when it is not a vault of this factory.</summary>
    public async Task<VaultView> GetVaultAsync(Address vault, CancellationToken ct = default)
    {
        var position = await Guard(() => Factory.PositionQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        if ((VaultStatus)position.Status == VaultStatus.None)
            throw new VaultsClientException($"Unknown vault: {vault} is not a vault of this factory.");
        var owner = await Guard(() => Factory.OwnerOfQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        return (await ViewsAsync([(vault, owner)], ct).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// Every vault ever opened (optionally only <paramref name="owner"/>'s, only <paramref name="market"/>'s), open ones first unless
    /// <paramref name="openOnly"/> drops the rest.
    /// </summary>
    public async Task<IReadOnlyList<VaultView>> ListVaultsAsync(Address? owner = null, bool openOnly = false, CancellationToken ct = default, string? market = null)
    {
        var only = market is null ? null : Market(market);
        var opened = Web3.Eth.GetEvent<VaultOpenedEventDTO>(Deployment.VaultFactory);
        // VaultOpened(vault indexed, owner indexed, ...): any vault, and the owner when given.
        var filter = owner is { } o ? opened.CreateFilterInput(null, new object[] { o.ToLowerHex() }) : opened.CreateFilterInput();
        var logs = await EventsAsync(opened, filter, Deployment.DeploymentBlock, toBlock: null, ct).ConfigureAwait(false);
        if (only is not null) logs = [.. logs.Where(l => (ulong)l.Event.MarketId == only.Id)];
        var views = await ViewsAsync([.. logs.Select(l => ((Address)l.Event.Vault, (Address)l.Event.Owner))], ct).ConfigureAwait(false);
        return [.. views.Where(v => !openOnly || v.Status == VaultStatus.Open).OrderBy(v => v.Status != VaultStatus.Open)];
    }

    /// <summary>
    /// The vaults opened in [<paramref name="fromBlock"/>, <paramref name="toBlock"/>] with their owners, from the factory's VaultOpened
    /// events (for a reader that follows the chain, e.g. a watch: read each new range once, then <see cref="GetVaultsAsync"/>).
    /// </summary>
    public async Task<IReadOnlyList<(Address Vault, Address Owner)>> VaultsOpenedAsync(long fromBlock, long toBlock, CancellationToken ct = default)
    {
        var opened = Web3.Eth.GetEvent<VaultOpenedEventDTO>(Deployment.VaultFactory);
        var logs = await EventsAsync(opened, opened.CreateFilterInput(), fromBlock, toBlock, ct).ConfigureAwait(false);
        return [.. logs.Select(l => ((Address)l.Event.Vault, (Address)l.Event.Owner))];
    }

    /// <summary>Views of the given vaults, all read at one block (see <see cref="VaultsOpenedAsync"/>).</summary>
    public Task<IReadOnlyList<VaultView>> GetVaultsAsync(IReadOnlyList<(Address Vault, Address Owner)> vaults, CancellationToken ct = default) =>
        ViewsAsync(vaults, ct);

    /// <summary>Open vaults whose liquidation price is within <paramref name="withinPercent"/> of the current price, closest first.</summary>
    public async Task<IReadOnlyList<VaultView>> VaultsAtRiskAsync(decimal withinPercent = AtRiskDistancePercent, CancellationToken ct = default, string? market = null)
    {
        var open = await ListVaultsAsync(openOnly: true, ct: ct, market: market).ConfigureAwait(false);
        return [.. open.Where(v => v.DistancePercent <= withinPercent).OrderBy(v => v.DistancePercent)];
    }

    /// <summary>
    /// The events matching <paramref name="filter"/> in [<paramref name="fromBlock"/>, <paramref name="toBlock"/> or the head],
    /// read in bounded ranges: public nodes refuse one eth_getLogs from the deployment block to the head.
    /// </summary>
    internal async Task<List<EventLog<TEvent>>> EventsAsync<TEvent>(Event<TEvent> events, NewFilterInput filter, long fromBlock, long? toBlock, CancellationToken ct)
        where TEvent : IEventDTO, new()
    {
        var last = toBlock ?? (long)(await Guard(() => Web3.Eth.BlockNumberAsync(ct)).ConfigureAwait(false)).Value;
        if (last < fromBlock) return [];
        var logs = await Guard(() => _logs.GetLogsAsync(filter, (ulong)fromBlock, (ulong)last, ct)).ConfigureAwait(false);
        return logs.ToArray().DecodeAllEvents<TEvent>();
    }

    /// <summary>
    /// Views of <paramref name="vaults"/>, all read at one block: positions in JSON-RPC batches, health from the lens in
    /// bounded <c>healthMany</c> calls (one call for every vault would exceed a node's eth_call gas cap).
    /// </summary>
    private async Task<IReadOnlyList<VaultView>> ViewsAsync(IReadOnlyList<(Address Vault, Address Owner)> vaults, CancellationToken ct)
    {
        if (vaults.Count == 0) return [];
        var block = new BlockParameter((ulong)(await Guard(() => Web3.Eth.BlockNumberAsync(ct)).ConfigureAwait(false)).Value);
        var prices = new Dictionary<ulong, (DeployedMarket Market, decimal Price)>(); // each market's price, read once
        var views = new List<VaultView>(vaults.Count);
        foreach (var chunk in vaults.Chunk(ReadBatchSize))
        {
            var health = await Guard(() => Lens.HealthManyQueryAsync([.. chunk.Select(v => v.Vault.ToString())], block, ct)).ConfigureAwait(false);
            var positions = await Guard(() => PositionsAsync([.. chunk.Select(v => v.Vault)], block, ct)).ConfigureAwait(false);
            for (int i = 0; i < chunk.Length; i++)
            {
                ulong id = positions[i].MarketId;
                if (!prices.TryGetValue(id, out var market))
                {
                    var m = await MarketOfAsync(id, ct).ConfigureAwait(false);
                    prices[id] = market = (m, (await GetPriceAsync(m, ct).ConfigureAwait(false)).Price);
                }
                views.Add(ToView(chunk[i].Vault, chunk[i].Owner, positions[i], health[i], market.Price) with { Market = market.Market.Name });
            }
        }
        return views;
    }

    /// <summary><c>position(vault)</c> of each vault at <paramref name="block"/>, in one JSON-RPC batch.</summary>
    private async Task<IReadOnlyList<Position>> PositionsAsync(IReadOnlyList<Address> vaults, BlockParameter block, CancellationToken ct)
    {
        var results = await EthCallBatch.QueryAsync<PositionFunction, PositionOutputDTO>(
            Web3.Client, Deployment.VaultFactory, [.. vaults.Select(v => new PositionFunction { Vault = v })], block, ct: ct).ConfigureAwait(false);
        return [.. results.Select(r => r.Error is { } e ? throw e : r.Output!.ReturnValue1)];
    }

    private VaultView ToView(Address vault, Address owner, Position position, Health health, decimal price)
    {
        var status = (VaultStatus)position.Status;
        var open = status == VaultStatus.Open;
        var liquidationPrice = Amount.FromBaseUnits(health.LiquidationPrice, 18);
        // Distance: how far the price can still move against the position, as a share of today's price.
        var distance = !open || price == 0 ? 0m
            : position.IsLong ? (price - liquidationPrice) / price * 100m : (liquidationPrice - price) / price * 100m;
        return new VaultView
        {
            Address = vault,
            Owner = owner,
            Status = status,
            Side = position.IsLong ? "long" : "short",
            Size = Amount.FromBaseUnits(position.Size, 18),
            EntryPrice = Amount.FromBaseUnits(position.EntryPrice, 18),
            Collateral = Tokens(position.Collateral),
            Equity = open ? Tokens(health.Equity) : 0m,
            MarginRatioPercent = open ? decimal.Round(Amount.FromBaseUnits(health.MarginRatio, 18) * 100m, 4) : 0m,
            LiquidationPrice = liquidationPrice,
            DistancePercent = decimal.Round(distance, 4),
            Notional = open ? Amount.FromBaseUnits(health.NotionalWad, 18) : 0m,
            MaintenanceMargin = open ? Amount.FromBaseUnits(health.MaintenanceWad, 18) : 0m,
            Price = price,
            DistanceToLiquidation = !open ? 0m : position.IsLong ? price - liquidationPrice : liquidationPrice - price,
            Health = !open ? VaultHealth.Inactive
                : health.Liquidatable ? VaultHealth.Liquidatable
                : distance <= AtRiskDistancePercent ? VaultHealth.AtRisk
                : VaultHealth.Healthy,
        };
    }

    /// <summary>The pool, and <paramref name="account"/>'s share of it when given.</summary>
    public async Task<PoolView> GetPoolAsync(Address? account = null, CancellationToken ct = default)
    {
        var pool = Pool;
        var total = await Guard(() => pool.TotalAssetsQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        var free = await Guard(() => pool.FreeLiquidityQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        var shares = await Guard(() => pool.TotalSupplyQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        // LP shares carry more decimals than the token (ERC-4626 decimals offset against inflation attacks): read them.
        int shareDecimals = await Guard(() => pool.DecimalsQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        if (account is not { } a) return new PoolView(Tokens(total), Tokens(free), Amount.FromBaseUnits(shares, shareDecimals), null, 0, 0, 0);
        var mine = await Guard(() => pool.BalanceOfQueryAsync(a, cancellationToken: ct)).ConfigureAwait(false);
        var assets = await Guard(() => pool.ConvertToAssetsQueryAsync(mine, cancellationToken: ct)).ConfigureAwait(false);
        var max = await Guard(() => pool.MaxWithdrawQueryAsync(a, cancellationToken: ct)).ConfigureAwait(false);
        return new PoolView(Tokens(total), Tokens(free), Amount.FromBaseUnits(shares, shareDecimals), a,
            Amount.FromBaseUnits(mine, shareDecimals), Tokens(assets), Tokens(max));
    }

    /// <summary>The latest answer of the feed of <paramref name="market"/> (the only market when null).</summary>
    public Task<PriceView> GetPriceAsync(string? market = null, CancellationToken ct = default) => GetPriceAsync(Market(market), ct);
}
