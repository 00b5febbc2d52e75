using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults oracle show|set-price</c>: read the feed, or post a price as an authorised reporter.</summary>
internal static class OracleCommand
{
    public static Command Create(GlobalOptions options)
    {
        var showMarket = MarketOption.Create("the market whose price to show (default: the only market; with several, every market)");
        var show = new Command("show", "Show the latest price of a market's feed (of every market when there are several)") { showMarket };
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var client = await options.ConnectAsync(result, signing: false, ct);
            var name = result.GetValue(showMarket);
            IReadOnlyList<PriceView> prices = name is null && client.Deployment.Markets.Count > 1
                ? [.. await Task.WhenAll(client.Deployment.Markets.Select(m => client.GetPriceAsync(m, ct)))]
                : [await client.GetPriceAsync(client.Market(name), ct)];
            if (output.IsJson)
            {
                // One market: the price object (as before markets were listed); every market: a list.
                if (prices.Count == 1) output.Json(prices[0], CliJsonContext.Default.PriceView);
                else output.Json(prices, CliJsonContext.Default.IReadOnlyListPriceView);
                return 0;
            }
            var table = new Table().AddColumns("Market", "Feed", "Price", "Round", "Updated (UTC)");
            foreach (var price in prices)
                table.AddRow(Markup.Escape(price.Market), Markup.Escape(price.Description), Format.Price(price.Price), price.RoundId.ToString(), price.UpdatedAt.UtcDateTime.ToString("u"));
            output.Console.Write(table);
            return 0;
        }));

        var priceOption = new Option<string>("--price") { Description = "New price in quote units, e.g. 1850.25", Required = true };
        var setMarket = MarketOption.Create("the market whose feed gets the price (required when there are several)");
        var set = new Command("set-price", "Post a new price (the signer must be an authorised reporter)") { priceOption, setMarket };
        set.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var price = Amount.ParsePositive(result.GetValue(priceOption)!, "--price");
            var client = await options.ConnectAsync(result, signing: true, ct);
            var market = client.Market(result.GetValue(setMarket));
            var tx = await client.SetPriceAsync(price, market.Name, ct);
            options.Output(result).Transaction($"{Markup.Escape(market.Name)} price set to {Format.Price(price)}", tx);
            return 0;
        }));

        return new Command("oracle", "Read or move the price feed") { show, set };
    }
}
