using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Vaults.Cli.Watch;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vaults watch</c>: a market's price, its vaults nearest liquidation and the liquidations as they land. In a terminal a Spectre.Console
/// live display refreshed every --interval; piped, a line per price change and per liquidation (a log to read or grep); with --once
/// one snapshot (a table, or JSON with --json). Ctrl-C stops it (exit 0).
/// </summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions options)
    {
        var interval = new Option<string>("--interval") { Description = "Seconds between refreshes, e.g. 2 or 0.5", DefaultValueFactory = _ => "2" };
        var top = new Option<int>("--top") { Description = "How many of the vaults nearest liquidation to show", DefaultValueFactory = _ => 10 };
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit (with --json: as JSON)" };
        var market = MarketOption.Create("the market to watch (required when there are several)");
        var command = new Command("watch", "Watch a market's price, its vaults nearest liquidation and liquidations as they land (Ctrl-C stops)") { interval, top, once, market };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var seconds = Amount.ParsePositive(result.GetValue(interval)!, "--interval");
            if (seconds < 0.1m || seconds > 3600m) throw new VaultsClientException($"--interval must be between 0.1 and 3600 seconds (got {result.GetValue(interval)}).");
            if (result.GetValue(top) is < 1 or > 1000) throw new VaultsClientException($"--top must be between 1 and 1000 (got {result.GetValue(top)}).");
            var output = options.Output(result);
            if (output.IsJson && !result.GetValue(once)) throw new VaultsClientException("--json needs --once: a live watch is for a person (or pipe it for a line per event).");
            var client = await options.ConnectAsync(result, signing: false, ct);
            var feed = new WatchFeed(client, client.Market(result.GetValue(market)), result.GetValue(top));
            var delay = TimeSpan.FromSeconds((double)seconds);

            if (result.GetValue(once))
            {
                var snapshot = await feed.ReadAsync(ct);
                if (output.IsJson) output.Json(snapshot, CliJsonContext.Default.WatchSnapshot);
                else output.Console.Write(WatchView.Render(snapshot, client.TokenSymbol, output.IsNarrow));
                return 0;
            }

            try
            {
                if (output.IsInteractive) await LiveAsync(output, feed, client.TokenSymbol, delay, ct);
                else await LinesAsync(output, feed, client.TokenSymbol, delay, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            // Ctrl-C is how a watch ends: not an error.
            await Console.Error.WriteLineAsync("Stopped watching.");
            return 0;
        }));
        return command;
    }

    private static async Task LiveAsync(Output output, WatchFeed feed, string symbol, TimeSpan delay, CancellationToken ct)
    {
        var first = await feed.ReadAsync(ct);
        await output.Console.Live(WatchView.Render(first, symbol, output.IsNarrow)).AutoClear(false).StartAsync(async context =>
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(delay, ct);
                context.UpdateTarget(WatchView.Render(await feed.ReadAsync(ct), symbol, output.IsNarrow));
                context.Refresh();
            }
        });
    }

    private static async Task LinesAsync(Output output, WatchFeed feed, string symbol, TimeSpan delay, CancellationToken ct)
    {
        string? lastPrice = null;
        var first = true;
        while (true)
        {
            var snapshot = await feed.ReadAsync(ct);
            // The first read's liquidations are history (the last blocks before the watch): shown once, as such.
            foreach (var landed in feed.Landed)
                output.Console.WriteLine((first ? "(before the watch) " : "") + WatchView.Line(landed, symbol));
            var price = string.Create(CultureInfo.InvariantCulture, $"{snapshot.Price.RoundId}/{snapshot.Price.Usable}");
            if (price != lastPrice) output.Console.WriteLine(WatchView.PriceLine(snapshot));
            lastPrice = price;
            first = false;
            await Task.Delay(delay, ct);
        }
    }
}
