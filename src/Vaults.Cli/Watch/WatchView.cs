using Spectre.Console;
using Spectre.Console.Rendering;
using Vaults.Cli.Commands;
using Vaults.Client;

namespace Vaults.Cli.Watch;

/// <summary>A <see cref="WatchSnapshot"/> as a screen: a price line, the nearest vaults coloured by health, and the latest liquidations.</summary>
internal static class WatchView
{
    public static IRenderable Render(WatchSnapshot s, string tokenSymbol, bool narrow)
    {
        var price = s.Price;
        var status = price.Usable ? "[green]usable[/]" : $"[red]unusable: {Markup.Escape(price.Problem ?? "")}[/]";
        var header = new Markup(
            $"[bold]{Markup.Escape(price.Description)}[/] {Format.Price(price.Price)}  (round {price.RoundId}, {Amount.Age(price.AgeSeconds)} old)  {status}\n" +
            $"[grey]block {s.Block} · {s.OpenVaults} open vaults · {DateTime.UtcNow:HH:mm:ss} UTC · Ctrl-C to stop[/]");

        IRenderable vaults = s.Nearest.Count == 0
            ? new Markup("[grey]No open vaults.[/]")
            : VaultTable.Create(s.Nearest, tokenSymbol, narrow).Title("Nearest liquidation");

        IRenderable liquidations;
        if (s.Liquidations.Count == 0) liquidations = new Markup("[grey]No liquidations yet.[/]");
        else
        {
            var table = new Table().Title("Liquidations, newest first").AddColumns("Block", "Vault", "Kind", "Price", $"Keeper fee ({Markup.Escape(tokenSymbol)})", $"Penalty ({Markup.Escape(tokenSymbol)})", $"Bad debt ({Markup.Escape(tokenSymbol)})");
            foreach (var l in s.Liquidations)
                table.AddRow(l.Block.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Address(l.Vault, narrow), l.Full ? "full" : "partial",
                    Format.Price(l.Price), Format.Amount(l.KeeperFee), Format.Amount(l.Penalty), Format.Amount(l.BadDebt));
            liquidations = table;
        }
        return new Rows(header, vaults, liquidations);
    }

    /// <summary>One plain line per liquidation that landed (the piped form of the watch).</summary>
    public static string Line(LiquidationResult l, string tokenSymbol) =>
        $"Liquidated {l.Vault} in block {l.Block} ({(l.Full ? "full" : "partial")}) at {Format.Price(l.Price)}: keeper fee {Format.Amount(l.KeeperFee)} {tokenSymbol}, " +
        $"penalty {Format.Amount(l.Penalty)} {tokenSymbol}, bad debt {Format.Amount(l.BadDebt)} {tokenSymbol}";

    /// <summary>The price line of the piped form, printed when the price or its status changes.</summary>
    public static string PriceLine(WatchSnapshot s) =>
        $"Block {s.Block}: price {Format.Price(s.Price.Price)} (round {s.Price.RoundId}, {(s.Price.Usable ? "usable" : "unusable: " + s.Price.Problem)}); " +
        $"{s.OpenVaults} open vaults" + (s.Nearest.Count > 0 ? $", nearest {s.Nearest[0].Address} at {Format.Percent(s.Nearest[0].DistancePercent)} from liquidation" : "");
}
