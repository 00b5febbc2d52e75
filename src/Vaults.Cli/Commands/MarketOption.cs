using System.CommandLine;

namespace Vaults.Cli.Commands;

/// <summary>The <c>--market NAME</c> option of the commands that act on one market (a name such as ETH-USD, or the market's id).</summary>
internal static class MarketOption
{
    public static Option<string?> Create(string description) => new("--market") { Description = $"Market name (e.g. ETH-USD) or id: {description}" };
}
