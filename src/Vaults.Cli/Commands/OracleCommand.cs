using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults oracle show|set-price</c>: read the feed and whether the market can use it, or post a price as an authorised reporter.</summary>
internal static class OracleCommand
{
    public static Command Create(GlobalOptions options)
    {
        var show = new Command("show", "Show the oracle's latest price, its age, and whether the market can use it (and why not)");
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var client = await options.ConnectAsync(result, signing: false, ct);
            var price = await client.GetPriceStatusAsync(ct);
            if (output.IsJson) { output.Json(price, CliJsonContext.Default.PriceView); return 0; }
            output.Console.Write(new Table().AddColumns("Feed", "Price", "Round", "Updated (UTC)", "Age", "Status")
                .AddRow(Markup.Escape(price.Description), Format.Price(price.Price), price.RoundId.ToString(), price.UpdatedAt.UtcDateTime.ToString("u"),
                    $"{Amount.Age(price.AgeSeconds)} (heartbeat {Amount.Age(price.HeartbeatSeconds)})",
                    price.Usable ? "[green]usable[/]" : "[red]unusable[/]"));
            if (price.Problem is { } problem) output.Line($"[red]Unusable:[/] {Markup.Escape(problem)}");
            return 0;
        }));

        var priceOption = new Option<string>("--price") { Description = "New price in quote units, e.g. 1850.25", Required = true };
        var force = new Option<bool>("--force") { Description = "Post the price even when it would trip the market's circuit breaker" };
        var set = new Command("set-price", "Post a new price (the signer must be an authorised reporter); a price the market would refuse needs --force") { priceOption, force };
        set.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var price = Amount.ParsePositive(result.GetValue(priceOption)!, "--price");
            var client = await options.ConnectAsync(result, signing: true, ct);
            // Checked before anything is sent: a typo (100 for 1,640) would stop opening and removing margin for everyone.
            if (!result.GetValue(force) && await client.CheckNewPriceAsync(price, ct) is { } refusal)
                throw new VaultsClientException(refusal);
            var tx = await client.SetPriceAsync(price, ct);
            var after = await client.GetPriceStatusAsync(ct);
            var output = options.Output(result);
            output.Write("oracle set-price", tx, after, CliJsonContext.Default.PriceView,
                $"Price set to {Format.Price(price)}" + (after.Problem is { } p ? $"; the market cannot use it: {p}" : ""));
            return 0;
        }));

        return new Command("oracle", "Read or move the price feed") { show, set };
    }
}
