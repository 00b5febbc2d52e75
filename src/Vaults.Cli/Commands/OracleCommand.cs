using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults oracle show|set-price</c>: read the feed and whether the market can use it, or post a price as an authorised reporter.</summary>
internal static class OracleCommand
{
    public static Command Create(GlobalOptions options)
    {
        var showMarket = MarketOption.Create("the market whose price to show (default: the only market; with several, every market)");
        var show = new Command("show", "Show a market's latest price, its age, and whether the market can use it and why not (every market when there are several)") { showMarket };
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var client = await options.ConnectAsync(result, signing: false, ct);
            var name = result.GetValue(showMarket);
            IReadOnlyList<PriceView> prices = name is null && client.Deployment.Markets.Count > 1
                ? [.. await Task.WhenAll(client.Deployment.Markets.Select(m => client.GetPriceStatusAsync(m, ct)))]
                : [await client.GetPriceStatusAsync(client.Market(name), ct)];
            if (output.IsJson)
            {
                // One market: the price object (as before markets were listed); every market: a list.
                if (prices.Count == 1) output.Json(prices[0], CliJsonContext.Default.PriceView);
                else output.Json(prices, CliJsonContext.Default.IReadOnlyListPriceView);
                return 0;
            }
            var table = new Table().AddColumns("Market", "Feed", "Price", "Round", "Updated (UTC)", "Age", "Status");
            foreach (var price in prices)
            {
                table.AddRow(Markup.Escape(price.Market), Markup.Escape(price.Description), Format.Price(price.Price), price.RoundId.ToString(),
                    price.UpdatedAt.UtcDateTime.ToString("u"), $"{Amount.Age(price.AgeSeconds)} (heartbeat {Amount.Age(price.HeartbeatSeconds)})",
                    price.Usable ? "[green]usable[/]" : "[red]unusable[/]");
            }
            output.Console.Write(table);
            foreach (var price in prices.Where(p => p.Problem is not null))
                output.Line($"[red]Unusable:[/] {Markup.Escape(price.Market)}: {Markup.Escape(price.Problem!)}");
            return 0;
        }));

        var priceOption = new Option<string>("--price") { Description = "New price in quote units, e.g. 1850.25", Required = true };
        var setMarket = MarketOption.Create("the market whose feed gets the price (required when there are several)");
        var force = new Option<bool>("--force") { Description = "Post the price even when it would trip the market's circuit breaker" };
        var set = new Command("set-price", "Post a new price (the signer must be an authorised reporter); a price the market would refuse needs --force") { priceOption, setMarket, force };
        set.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var price = Amount.ParsePositive(result.GetValue(priceOption)!, "--price");
            var client = await options.ConnectAsync(result, signing: true, ct);
            var market = client.Market(result.GetValue(setMarket));
            // Checked before anything is sent: a typo (100 for 1,640) would stop opening and removing margin for everyone.
            if (!result.GetValue(force) && await client.CheckNewPriceAsync(price, market, ct) is { } refusal)
                throw new VaultsClientException(refusal);
            var tx = await client.SetPriceAsync(price, market.Name, ct);
            var after = await client.GetPriceStatusAsync(market, ct);
            var output = options.Output(result);
            output.Write("oracle set-price", tx, after, CliJsonContext.Default.PriceView,
                $"{market.Name} price set to {Format.Price(price)}" + (after.Problem is { } p ? $"; the market cannot use it: {p}" : ""));
            return 0;
        }));

        return new Command("oracle", "Read or move the price feed") { show, set };
    }
}
