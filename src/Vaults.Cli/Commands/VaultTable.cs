using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary>Vaults as a table coloured by health: green healthy, yellow at risk, red liquidatable, grey closed.</summary>
internal static class VaultTable
{
    /// <param name="vaults">The rows.</param>
    /// <param name="tokenSymbol">The equity column's unit.</param>
    /// <param name="narrow">
    /// A console narrower than <see cref="Output.WideTableColumns"/>: addresses shortened (0x1234…abcd, never broken over
    /// lines), prices to the cent, no borders and no owner column, so an 80-column terminal holds a row on one line.
    /// <c>vault show</c> and <c>--json</c> still give everything in full. The market column is left out when every row is of one market
    /// (the row would not fit), and shows only the base asset (BTC for BTC-USD) otherwise.
    /// </param>
    public static Table Create(IEnumerable<VaultView> vaults, string tokenSymbol, bool narrow)
    {
        var rows = vaults.ToList();
        bool marketColumn = !narrow || rows.Select(v => v.Market).Distinct().Count() > 1;
        string MarketCell(string market) => narrow ? market.Split('-')[0] : market;
        var table = new Table();
        table.AddColumn(new TableColumn("Vault").NoWrap());
        if (!narrow) table.AddColumn(new TableColumn("Owner").NoWrap());
        if (marketColumn) table.AddColumn("Market");
        table.AddColumns("Side", "Size", "Entry", $"Equity ({Markup.Escape(tokenSymbol)})", "Margin ratio", "Liq. price", "Distance", "Status");
        if (narrow)
        {
            table.Border(TableBorder.None);
            foreach (var column in table.Columns) column.Padding(0, 0, 1, 0);
        }
        string Price(decimal value) => narrow ? Format.Cents(value) : Format.Price(value);
        foreach (var v in rows)
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
            List<string> cells = [Cell(Format.Address(v.Address, narrow))];
            if (!narrow) cells.Add(Cell(Format.Address(v.Owner, narrow)));
            if (marketColumn) cells.Add(Cell(MarketCell(v.Market)));
            cells.AddRange([
                Cell(v.Side), Cell(Format.Size(v.Size)), Cell(Price(v.EntryPrice)),
                Cell(open ? Format.Amount(v.Equity) : "-"), Cell(open ? Format.Percent(v.MarginRatioPercent) : "-"),
                Cell(open ? Price(v.LiquidationPrice) : "-"), Cell(open ? Format.Percent(v.DistancePercent) : "-"),
                Cell(open ? v.Health.ToString() : v.Status.ToString())]);
            table.AddRow([.. cells]);
        }
        return table;
    }
}
