using Vaults.Chain;

namespace Vaults.Contracts.Deployment;

/// <summary>A market to create: its name, its feed (an existing one, or a PriceOracle deployed for it) and its parameters.</summary>
public sealed record MarketSpec
{
    /// <summary>The name people use (<c>ETH-USD</c>): unique in a deployment; letters, digits, '-', '_' and '.'.</summary>
    public string Name { get; init; } = "ETH-USD";

    /// <summary>An existing Chainlink-compatible feed; null deploys a PriceOracle with the deployer as reporter.</summary>
    public Address? PriceFeed { get; init; }

    /// <summary>Decimals of a deployed PriceOracle (Chainlink USD feeds use 8).</summary>
    public byte OracleDecimals { get; init; } = 8;

    /// <summary>Description of a deployed PriceOracle; null derives it from the name ("ETH-USD" → "ETH / USD").</summary>
    public string? OracleDescription { get; init; }

    /// <summary>First price posted to a deployed PriceOracle, in quote units.</summary>
    public decimal InitialPrice { get; init; } = 2000m;

    /// <summary>The market's parameters.</summary>
    public MarketSettings Settings { get; init; } = new();

    /// <summary>The description a deployed PriceOracle gets.</summary>
    public string Description => OracleDescription ?? Name.Replace("-", " / ", StringComparison.Ordinal);

    /// <summary>Checks the name people will type; null when it is fine, else why not.</summary>
    public static string? CheckName(string name) =>
        name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"Market name '{name}' must be 1 to 32 letters, digits, '-', '_' or '.' (like ETH-USD)."
            : ulong.TryParse(name, out _) ? $"Market name '{name}' must not be a number (numbers are market ids)." : null;
}
