using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults oracle show|set-price</c>: read the feed, or post a price as an authorised reporter.</summary>
internal static class OracleCommand
{
    public static Command Create(GlobalOptions options)
    {
        var show = new Command("show", "Show the oracle's latest price");
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var client = await options.ConnectAsync(result, signing: false, ct);
            var price = await client.GetPriceAsync(ct);
            if (output.IsJson) output.Json(price, CliJsonContext.Default.PriceView);
            else output.Console.Write(new Table().AddColumns("Feed", "Price", "Round", "Updated (UTC)")
                .AddRow(Markup.Escape(price.Description), Format.Price(price.Price), price.RoundId.ToString(), price.UpdatedAt.UtcDateTime.ToString("u")));
            return 0;
        }));

        var priceOption = new Option<string>("--price") { Description = "New price in quote units, e.g. 1850.25", Required = true };
        var set = new Command("set-price", "Post a new price (the signer must be an authorised reporter)") { priceOption };
        set.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var price = Amount.ParsePositive(result.GetValue(priceOption)!, "--price");
            var client = await options.ConnectAsync(result, signing: true, ct);
            var tx = await client.SetPriceAsync(price, ct);
            options.Output(result).Transaction($"Price set to {Format.Price(price)}", tx);
            return 0;
        }));

        return new Command("oracle", "Read or move the price feed") { show, set };
    }
}
