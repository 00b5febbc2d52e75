using System.CommandLine;
using System.Globalization;
using Nethereum.Web3;
using Spectre.Console;
using Vaults.Client;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vaults market add --name NAME</c>: creates a market on an existing deployment (as MarketConfig's owner) and records it in the
/// deployment file. Idempotent like <c>deploy</c>: a name the file already has does nothing. Every input is checked before the first
/// transaction (the name, the numbers, a given feed's code and answers).
/// </summary>
internal static class MarketAddCommand
{
    public static Command Create(GlobalOptions options)
    {
        var name = new Option<string>("--name") { Description = "The market's name, e.g. SOL-USD (unique in the deployment)", Required = true };
        var feed = new Option<string?>("--price-feed") { Description = "Existing Chainlink-compatible feed (default: deploy a PriceOracle with the signer as reporter)" };
        var initialPrice = new Option<string?>("--initial-price") { Description = "First price of a deployed PriceOracle (required without --price-feed)" };
        var maxLeverage = new Option<string?>("--max-leverage") { Description = "Maximum leverage, e.g. 5x (default 10x)" };
        var maintenance = new Option<string?>("--maintenance") { Description = "Maintenance margin per tier in percent, smallest positions first, e.g. 5,6,7,8 (default 3,4,5,6)" };
        var tiers = new Option<string?>("--tiers") { Description = "Entry notional where each next tier starts, e.g. 250000,2500000,25000000 (default 100000,1000000,10000000)" };
        var heartbeat = new Option<string?>("--heartbeat") { Description = "Seconds after which the feed's answer is stale (default 3600)" };
        var command = new Command("add", "Create a market on the deployment and record it in the deployment file (nothing to do if the file already has the name)")
        {
            name, feed, initialPrice, maxLeverage, maintenance, tiers, heartbeat,
        };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var marketName = result.GetValue(name)!.Trim();
            if (MarketSpec.CheckName(marketName) is { } badName) throw new VaultsClientException(badName);
            var spec = Spec(result, marketName, feed, initialPrice, maxLeverage, maintenance, tiers, heartbeat);
            var client = await options.ConnectAsync(result, signing: true, ct);
            var file = result.GetValue(options.Deployment)!;
            // The same name again is "nothing to do"; the same name for another feed is a mistake, not a second market.
            if (client.Deployment.FindMarket(marketName) is { } existing && existing.Name.Equals(marketName, StringComparison.OrdinalIgnoreCase)
                && spec.PriceFeed is { } wanted && wanted != existing.Feed)
                throw new VaultsClientException($"A market named {existing.Name} already exists (id {existing.Id}, feed {existing.Feed}); choose another --name for the feed {wanted}.");
            AddMarketResult added;
            try
            {
                added = await new VaultsDeployer(client.Web3).AddMarketAsync(client.Deployment, spec, ct);
            }
            catch (DeploymentInputException e)
            {
                throw new VaultsClientException($"{e.Message.TrimEnd('.')}; nothing was sent.", e);
            }
            if (!added.Added)
            {
                output.Line($"Market {Markup.Escape(added.Market.Name)} is already in {Markup.Escape(file)} (id {added.Market.Id}); nothing to do.");
                return 0;
            }
            await VaultsDeploymentFile.WriteAsync(file, added.Deployment, ct);
            output.Line($"[green]Added[/] market {Markup.Escape(added.Market.Name)} (id {added.Market.Id}, feed {added.Market.Feed}) in block {added.Market.ParamsBlock}; written to {Markup.Escape(file)}.");
            return 0;
        }));
        return command;
    }

    private static MarketSpec Spec(ParseResult result, string name, Option<string?> feed, Option<string?> initialPrice, Option<string?> maxLeverage,
        Option<string?> maintenance, Option<string?> tiers, Option<string?> heartbeat)
    {
        var settings = new MarketSettings();
        if (result.GetValue(maxLeverage) is { } l)
        {
            var leverage = Amount.ParseLeverage(l);
            var bps = 10_000m / leverage;
            if (bps != decimal.Truncate(bps) || bps < 1 || bps > 5_000)
                throw new VaultsClientException($"--max-leverage {l} must give a whole initial margin in basis points between 2x and 10000x (e.g. 5x, 8x, 10x, 20x).");
            settings = settings with { InitialMarginBps = (ushort)bps, TargetMarginBps = (ushort)Math.Max(1, bps * 7 / 10) };
        }
        if (result.GetValue(maintenance) is { } m)
        {
            var percents = List(m, "--maintenance", 4);
            settings = settings with { MaintenanceMarginBps = [.. percents.Select(p => (ushort)(p * 100))] };
            if (settings.MaintenanceMarginBps[^1] >= settings.TargetMarginBps)
                settings = settings with { TargetMarginBps = (ushort)Math.Min(settings.InitialMarginBps - 1, settings.MaintenanceMarginBps[^1] + 100) };
        }
        if (result.GetValue(tiers) is { } t) settings = settings with { TierThresholds = [.. List(t, "--tiers", 3).Select(v => (ulong)v)] };
        if (result.GetValue(heartbeat) is { } h)
        {
            if (!uint.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 60 or > 7 * 24 * 3600)
                throw new VaultsClientException($"--heartbeat must be whole seconds from 60 to 604800 (got '{h}').");
            settings = settings with { HeartbeatSeconds = seconds };
        }
        var feedAddress = result.GetValue(feed) is { } f ? VaultsClient.ParseAddress(f, "--price-feed address") : (Vaults.Chain.Address?)null;
        var price = result.GetValue(initialPrice) is { } p ? Amount.ParsePositive(p, "--initial-price") : (decimal?)null;
        if (feedAddress is null && price is null) throw new VaultsClientException("Give --price-feed (an existing feed) or --initial-price (to deploy a PriceOracle for the market).");
        if (feedAddress is not null && price is not null) throw new VaultsClientException("--initial-price is for a deployed PriceOracle; an existing --price-feed keeps its own price.");
        return new MarketSpec { Name = name, PriceFeed = feedAddress, InitialPrice = price ?? 0m, Settings = settings };
    }

    private static decimal[] List(string text, string what, int count)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != count || parts.Any(p => !decimal.TryParse(p, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) || v <= 0))
            throw new VaultsClientException($"{what} takes {count} positive numbers separated by commas (got '{text}').");
        var values = parts.Select(p => decimal.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (values.Zip(values.Skip(1)).Any(pair => pair.Second < pair.First)) throw new VaultsClientException($"{what} must not decrease (got '{text}').");
        return values;
    }
}
