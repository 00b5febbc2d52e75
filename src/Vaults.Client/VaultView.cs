using Vaults.Chain;

namespace Vaults.Client;

/// <summary>
/// One vault as a person reads it: amounts in tokens, size in base units (e.g. ETH), prices in quote units.
/// Equity, margin ratio and distance are at the current oracle price; zero once the vault is closed or liquidated.
/// </summary>
public sealed record VaultView
{
    /// <summary>The vault contract.</summary>
    public required Address Address { get; init; }
    /// <summary>Its owner.</summary>
    public required Address Owner { get; init; }
    /// <summary>Open, Closed or Liquidated.</summary>
    public required VaultStatus Status { get; init; }
    /// <summary>The vault's market (<c>ETH-USD</c>).</summary>
    public string Market { get; init; } = "";
    /// <summary>"long" or "short".</summary>
    public required string Side { get; init; }
    /// <summary>Position size in base units.</summary>
    public required decimal Size { get; init; }
    /// <summary>Average entry price.</summary>
    public required decimal EntryPrice { get; init; }
    /// <summary>Collateral in tokens.</summary>
    public required decimal Collateral { get; init; }
    /// <summary>Equity in tokens at the current price (after the close fee owed).</summary>
    public required decimal Equity { get; init; }
    /// <summary>Equity over notional, as a percentage.</summary>
    public required decimal MarginRatioPercent { get; init; }
    /// <summary>The price at which the vault becomes liquidatable (0 when not open).</summary>
    public required decimal LiquidationPrice { get; init; }
    /// <summary>How far the price may still move against the vault before liquidation, as a percentage of the current price.</summary>
    public required decimal DistancePercent { get; init; }
    /// <summary>Notional (size at the current price), in quote units; 0 when not open.</summary>
    public decimal Notional { get; init; }
    /// <summary>The equity the vault must keep (maintenance margin at its tier, on the notional), in quote units; below it, it is liquidatable.</summary>
    public decimal MaintenanceMargin { get; init; }
    /// <summary>The current oracle price the figures are at.</summary>
    public decimal Price { get; init; }
    /// <summary>How far the price may move against the vault before liquidation, in quote units (price minus liquidation price for a long).</summary>
    public decimal DistanceToLiquidation { get; init; }
    /// <summary>Fees the vault has paid so far (open fee and size changes), in tokens; only from <see cref="VaultsClient.GetVaultDetailsAsync"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FeesPaid { get; init; }
    /// <summary>The close fee a close at the current price would pay, in tokens; only from <see cref="VaultsClient.GetVaultDetailsAsync"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? CloseFeeNow { get; init; }
    /// <summary>Healthy, AtRisk (within <see cref="VaultsClient.AtRiskDistancePercent"/> of liquidation) or Liquidatable.</summary>
    public required VaultHealth Health { get; init; }
}

/// <summary>Lifecycle of a vault (the factory's <c>Status</c> enum).</summary>
public enum VaultStatus
{
    /// <summary>Not a vault of this factory.</summary>
    None = 0,
    /// <summary>Has an open position.</summary>
    Open = 1,
    /// <summary>Closed by its owner.</summary>
    Closed = 2,
    /// <summary>Fully liquidated.</summary>
    Liquidated = 3,
}

/// <summary>How close a vault is to liquidation.</summary>
public enum VaultHealth
{
    /// <summary>Not open: nothing at risk.</summary>
    Inactive,
    /// <summary>Comfortably above maintenance margin.</summary>
    Healthy,
    /// <summary>Close to its liquidation price.</summary>
    AtRisk,
    /// <summary>Below maintenance margin: a keeper may liquidate it now.</summary>
    Liquidatable,
}
