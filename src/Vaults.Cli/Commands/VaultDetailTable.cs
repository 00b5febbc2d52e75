using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vault show</c>: one vault as a two-column table, every figure with its unit.</summary>
internal static class VaultDetailTable
{
    public static Table Create(VaultView v, string tokenSymbol)
    {
        var open = v.Status == VaultStatus.Open;
        var colour = v.Health switch { VaultHealth.Liquidatable => "red", VaultHealth.AtRisk => "yellow", VaultHealth.Healthy => "green", _ => "grey" };
        var table = new Table().AddColumns("", "").HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("Vault", v.Address.ToString());
        Row("Owner", v.Owner.ToString());
        table.AddRow("Status", $"[{colour}]{(open ? v.Health.ToString() : v.Status.ToString())}[/]");
        Row("Side", v.Side);
        Row("Size", Format.Size(v.Size));
        Row("Entry price", Format.Price(v.EntryPrice));
        if (open)
        {
            Row("Price now", Format.Price(v.Price));
            Row("Notional", $"{Format.Cents(v.Notional)} {tokenSymbol}");
        }
        Row("Collateral", $"{Format.Amount(v.Collateral)} {tokenSymbol}");
        if (open)
        {
            Row("Equity", $"{Format.Amount(v.Equity)} {tokenSymbol} (after the close fee owed)");
            Row("Maintenance margin", $"{Format.Cents(v.MaintenanceMargin)} {tokenSymbol} (liquidatable below it)");
            Row("Margin ratio", Format.Percent(v.MarginRatioPercent));
            Row("Liquidation price", Format.Price(v.LiquidationPrice));
            Row("Distance to it", $"{Format.Cents(v.DistanceToLiquidation)} ({Format.Percent(v.DistancePercent)} of the price)");
        }
        if (v.FeesPaid is { } paid) Row("Fees paid", $"{Format.Amount(paid)} {tokenSymbol}");
        if (open && v.CloseFeeNow is { } fee) Row("Close fee if closed now", $"{Format.Amount(fee)} {tokenSymbol}");
        return table;
    }
}
