using System.Numerics;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Client;

// Vault views: positions from the factory, health (equity, margin ratio, liquidation price) from the lens in one
// batched call, the vault list from the factory's VaultOpened events since the deployment block.
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

    /// <summary>Every vault ever opened (optionally only <paramref name="owner"/>'s), open ones first unless <paramref name="openOnly"/> drops the rest.</summary>
    public async Task<IReadOnlyList<VaultView>> ListVaultsAsync(Address? owner = null, bool openOnly = false, CancellationToken ct = default)
    {
        var opened = Web3.GetEvent<VaultOpenedEventDTO>(Deployment.VaultFactory);
        var filter = opened.CreateFilterInput(null, owner, null, new BlockParameter((ulong)Deployment.DeploymentBlock), BlockParameter.CreateLatest());
        var logs = await Guard(() => opened.GetAllChangesAsync(filter, ct)).ConfigureAwait(false);
        var views = await ViewsAsync([.. logs.Select(l => (l.Event.Vault, l.Event.Owner))], ct).ConfigureAwait(false);
        return [.. views.Where(v => !openOnly || v.Status == VaultStatus.Open).OrderBy(v => v.Status != VaultStatus.Open)];
    }

    /// <summary>Open vaults whose liquidation price is within <paramref name="withinPercent"/> of the current price, closest first.</summary>
    public async Task<IReadOnlyList<VaultView>> VaultsAtRiskAsync(decimal withinPercent = AtRiskDistancePercent, CancellationToken ct = default)
    {
        var open = await ListVaultsAsync(openOnly: true, ct: ct).ConfigureAwait(false);
        return [.. open.Where(v => v.DistancePercent <= withinPercent).OrderBy(v => v.DistancePercent)];
    }

    private async Task<IReadOnlyList<VaultView>> ViewsAsync(IReadOnlyList<(Address Vault, Address Owner)> vaults, CancellationToken ct)
    {
        if (vaults.Count == 0) return [];
        var price = (await GetPriceAsync(ct).ConfigureAwait(false)).Price;
        var health = await Guard(() => Lens.HealthManyQueryAsync([.. vaults.Select(v => v.Vault)], cancellationToken: ct)).ConfigureAwait(false);
        var views = new List<VaultView>(vaults.Count);
        for (int i = 0; i < vaults.Count; i++)
        {
            var position = await Guard(() => Factory.PositionQueryAsync(vaults[i].Vault, cancellationToken: ct)).ConfigureAwait(false);
            views.Add(ToView(vaults[i].Vault, vaults[i].Owner, position, health[i], price));
        }
        return views;
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

    /// <summary>The oracle's latest answer.</summary>
    public async Task<PriceView> GetPriceAsync(CancellationToken ct = default)
    {
        var round = await Guard(() => Oracle.LatestRoundDataQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        var description = await Guard(() => Oracle.DescriptionQueryAsync(cancellationToken: ct)).ConfigureAwait(false);
        return new PriceView(Amount.FromBaseUnits(round.Answer, OracleDecimals), (ulong)round.RoundId,
            DateTimeOffset.FromUnixTimeSeconds((long)round.UpdatedAt), description);
    }
}
