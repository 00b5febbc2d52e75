using System.Text;

namespace Vaults.Keeper.Markets;

/// <summary>Names for markets the deployment file does not name: from the feed's <c>description()</c> ("ETH / USD" → "ETH-USD").</summary>
internal static class MarketNames
{
    /// <summary>The name for a feed description, or <c>market-{id}</c> when the description gives nothing usable.</summary>
    /// <remarks>Only letters, digits, '-', '_' and '.' are kept: the name is a Prometheus label value and a log field, and a
    /// feed's description is whatever its deployer wrote.</remarks>
    public static string FromDescription(string? description, uint marketId)
    {
        var name = new StringBuilder();
        foreach (char c in (description ?? "").Trim())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.') name.Append(char.ToUpperInvariant(c));
            else if (c is '/' or '-') name.Append('-');
            if (name.Length == 32) break;
        }
        var text = name.ToString().Trim('-');
        return text.Length == 0 ? Fallback(marketId) : text;
    }

    /// <summary>The name of a market known by its id only.</summary>
    public static string Fallback(uint marketId) => $"market-{marketId}";
}
