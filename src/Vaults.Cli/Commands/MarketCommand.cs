using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults market list|show NAME|add</c>: the deployment's markets, their parameters in people's units, and adding one.</summary>
internal static class MarketCommand
{
    public static Command Create(GlobalOptions options)
    {
        var list = new Command("list", "List the markets: max leverage, maintenance tiers, fees, open interest, pause state, price and its age");
        list.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var client = await options.ConnectAsync(result, signing: false, ct);
            var markets = await client.ListMarketsAsync(ct);
            var output = options.Output(result);
            if (output.IsJson) output.Json(markets, CliJsonContext.Default.IReadOnlyListMarketView);
            else output.Console.Write(ListTable(markets, client.TokenSymbol));
            return 0;
        }));

        var name = new Argument<string>("NAME") { Description = "Market name (e.g. ETH-USD) or id" };
        var show = new Command("show", "Show every parameter of one market in people's units, its state, and its price with the price's age") { name };
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var client = await options.ConnectAsync(result, signing: false, ct);
            var view = await client.GetMarketAsync(client.Market(result.GetValue(name)!), ct);
            var output = options.Output(result);
            if (output.IsJson) output.Json(view, CliJsonContext.Default.MarketView);
            else output.Console.Write(ShowTable(view, client.TokenSymbol));
            return 0;
        }));

        return new Command("market", "The deployment's markets") { list, show, MarketAddCommand.Create(options) };
    }

    private static Table ListTable(IReadOnlyList<MarketView> markets, string token)
    {
        var table = new Table().AddColumns("Market", "Id", "Max leverage", "Maintenance", "Keeper fee", "Open interest (long / short / cap)", "State", "Price", "Age");
        foreach (var m in markets)
        {
            table.AddRow(Markup.Escape(m.Name), m.Id.ToString(CultureInfo.InvariantCulture), $"{Format.Amount(m.MaxLeverage)}x",
                string.Join(" / ", m.MaintenanceMarginPercent.Select(Format.Percent)),
                $"{Format.Percent(m.LiquidationFeePercent)} ({Format.Amount(m.KeeperFeeFloor)} to {Format.Amount(m.KeeperFeeCap)} {Markup.Escape(token)})",
                $"{Format.Size(m.LongOpenInterest)} / {Format.Size(m.ShortOpenInterest)} / {Format.Size(m.MaxOpenInterest)}",
                State(m), Format.Price(m.Price), Age(m));
        }
        return table;
    }

    private static Table ShowTable(MarketView m, string token)
    {
        var table = new Table().Title($"Market {Markup.Escape(m.Name)} (id {m.Id})").AddColumns("Parameter", "Value");
        void Row(string what, string value) => table.AddRow(Markup.Escape(what), Markup.Escape(value));
        Row("Feed", $"{m.Feed} ({m.FeedDescription})");
        Row("Price", $"{Format.Price(m.Price)} at {m.PriceUpdatedAt.UtcDateTime:u}, {Age(m)}");
        Row("State", Markup.Remove(State(m)));
        Row("Max leverage", $"{Format.Amount(m.MaxLeverage)}x (initial margin {Format.Percent(m.InitialMarginPercent)})");
        Row("Maintenance margin by entry notional", Tiers(m));
        Row("Partial liquidation restores", Format.Percent(m.TargetMarginPercent));
        Row("Keeper fee", $"{Format.Percent(m.LiquidationFeePercent)} of the closed notional, {Format.Amount(m.KeeperFeeFloor)} to {Format.Amount(m.KeeperFeeCap)} {token}");
        Row("Liquidation penalty (insurance fund)", Format.Percent(m.LiquidationPenaltyPercent));
        Row("Open / close fee", $"{Format.Percent(m.OpenFeePercent)} / {Format.Percent(m.CloseFeePercent)}");
        Row("Profit cap", $"{Format.Amount(m.ProfitCapMultiple)}x the collateral, at most the entry notional");
        Row("Open interest (long / short)", $"{Format.Size(m.LongOpenInterest)} / {Format.Size(m.ShortOpenInterest)} of {Format.Size(m.MaxOpenInterest)} per side");
        Row("Min collateral / min size", $"{Format.Amount(m.MinCollateral)} {token} / {Format.Size(m.MinSize)}");
        Row("Heartbeat", $"{m.HeartbeatSeconds} s");
        Row("Circuit breaker (open, increase, remove margin)", $"moves above {Format.Percent(m.MaxDeviationPercent)} in a minute");
        Row("L2 sequencer feed", m.SequencerFeed is null ? "none" : $"{m.SequencerFeed}, grace {m.SequencerGracePeriodSeconds} s");
        return table;
    }

    private static string Tiers(MarketView m)
    {
        var parts = new List<string>();
        for (int i = 0; i < m.MaintenanceMarginPercent.Count; i++)
        {
            var from = i == 0 ? "0" : Format.Amount(m.TierThresholds[i - 1]);
            parts.Add($"{Format.Percent(m.MaintenanceMarginPercent[i])} from {from}");
        }
        return string.Join(", ", parts);
    }

    private static string State(MarketView m) =>
        m.PriceStale ? "[red]price stale[/]" : m.Paused ? "[yellow]paused (opening)[/]" : "[green]open[/]";

    private static string Age(MarketView m) => $"{m.PriceAgeSeconds} s old";
}
