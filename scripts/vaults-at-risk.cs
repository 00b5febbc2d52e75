#!/usr/bin/env dotnet
// Lists the open vaults whose liquidation price is within --within percent (default 10) of the current price, closest first.
//   dotnet run scripts/vaults-at-risk.cs -- --within 5 [--market BTC-USD]
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using Vaults.Client;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var within = flags.Positive("--within", VaultsClient.AtRiskDistancePercent);
    var client = await flags.ConnectAsync();
    var market = flags.Market is { } name ? client.Market(name).Name : null;
    var atRisk = await client.VaultsAtRiskAsync(within, market: market);
    var prices = market is null ? client.Deployment.Markets : [client.Market(market)];
    var quoted = string.Join(", ", await Task.WhenAll(prices.Select(async m => $"{m.Name} {(await client.GetPriceAsync(m)).Price}")));

    Console.WriteLine($"{atRisk.Count} vault(s) within {within}% of liquidation at {quoted}");
    foreach (var v in atRisk)
        Console.WriteLine($"{v.Address}  {v.Market,-8} {v.Side,-5}  size {v.Size}  equity {v.Equity}  liquidation {v.LiquidationPrice}  distance {v.DistancePercent}%  {v.Health}");
});
