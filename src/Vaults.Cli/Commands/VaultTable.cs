using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary>Vaults as a table coloured by health: green healthy, yellow at risk, red liquidatable, grey closed.</summary>
internal static class VaultTable
{
    public static Table Create(IEnumerable<VaultView> vaults, string tokenSymbol)
    {
        var table = new Table().AddColumns("Vault", "Owner", "Side", "Size", "Entry", $"Equity ({Markup.Escape(tokenSymbol)})", "Margin ratio", "Liq. price", "Distance", "Status");
        foreach (var v in vaults)
        {
            var colour = v.Health switch
            {
                VaultHealth.Liquidatable => "red",
                VaultHealth.AtRisk => "yellow",
                VaultHealth.Healthy => "green",
                _ => "grey",
            };
            string Cell(string text) => $"[{colour}]{Markup.Escape(text)}[/]";
            var open = v.Status == VaultStatus.Open;
            table.AddRow(
                Cell(v.Address.ToString()), Cell(v.Owner.ToString()), Cell(v.Side), Cell(Format.Size(v.Size)), Cell(Format.Price(v.EntryPrice)),
                Cell(open ? Format.Amount(v.Equity) : "-"), Cell(open ? Format.Percent(v.MarginRatioPercent) : "-"),
                Cell(open ? Format.Price(v.LiquidationPrice) : "-"), Cell(open ? Format.Percent(v.DistancePercent) : "-"),
                Cell(open ? v.Health.ToString() : v.Status.ToString()));
        }
        return table;
    }
}
