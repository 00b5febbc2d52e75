namespace Vaults.Client;

/// <summary>
/// A vault to open, in people's units. Give either <see cref="Size"/> or <see cref="Leverage"/> (size is then
/// collateral × leverage / current price, rounded down).
/// </summary>
/// <param name="IsLong">True for a long, false for a short.</param>
/// <param name="Collateral">Margin in tokens.</param>
/// <param name="Size">Position size in base units (e.g. ETH).</param>
/// <param name="Leverage">Notional over collateral, e.g. 5 for 5x.</param>
/// <param name="AcceptablePrice">Worst entry price accepted; by default the current price moved by <paramref name="SlippagePercent"/>.</param>
/// <param name="SlippagePercent">Default slippage allowance when no acceptable price is given.</param>
/// <param name="Market">The market's name or id; may be left out when the deployment has one market.</param>
public sealed record OpenVaultRequest(
    bool IsLong, decimal Collateral, decimal? Size = null, decimal? Leverage = null, decimal? AcceptablePrice = null, decimal SlippagePercent = 1m,
    string? Market = null);
