using Vaults.Chain;

namespace Vaults.Keeper.Index;

/// <summary>One open vault as the keeper indexes it.</summary>
/// <param name="Vault">The vault's address.</param>
/// <param name="Owner">The vault's owner.</param>
/// <param name="MarketId">The market (uint16 on chain).</param>
/// <param name="IsLong">True for a long.</param>
/// <param name="LiquidationPrice">The factory's <c>liquidationPrice(vault)</c> (18 decimals) after the last applied change.</param>
/// <param name="Seq">The per-vault sequence number of the last applied vault event.</param>
/// <param name="Block">The block of the last applied change: a vault event, or a market parameter change that moved the liquidation price.</param>
public sealed record VaultRecord(Address Vault, Address Owner, uint MarketId, bool IsLong, UInt256 LiquidationPrice, uint Seq, ulong Block)
{
    /// <summary>The side.</summary>
    public VaultSide Side => IsLong ? VaultSide.Long : VaultSide.Short;

    /// <summary>True when the vault is liquidatable (by price alone) at <paramref name="price"/>.</summary>
    public bool IsCrossedBy(UInt256 price) => IsLong ? price <= LiquidationPrice : price >= LiquidationPrice;
}
