namespace Vaults.Keeper.Index;

/// <summary>The side of a vault's position, which fixes the direction in which its liquidation price is crossed.</summary>
public enum VaultSide
{
    /// <summary>A long: liquidatable when the price is at or below its liquidation price.</summary>
    Long,

    /// <summary>A short: liquidatable when the price is at or above its liquidation price.</summary>
    Short,
}
