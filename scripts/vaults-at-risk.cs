#!/usr/bin/env dotnet
// Lists the open vaults whose liquidation price is within --within percent (default 10) of the current price, closest first.
//   dotnet run scripts/vaults-at-risk.cs -- --within 5
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using Vaults.Client;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var within = flags.Positive("--within", VaultsClient.AtRiskDistancePercent);
    var client = await flags.ConnectAsync();
    var price = await client.GetPriceAsync();
    var atRisk = await client.VaultsAtRiskAsync(within);

    Console.WriteLine($"{atRisk.Count} vault(s) within {within}% of liquidation at {price.Price}");
    foreach (var v in atRisk)
        Console.WriteLine($"{v.Address}  {v.Side,-5}  size {v.Size}  equity {v.Equity}  liquidation {v.LiquidationPrice}  distance {v.DistancePercent}%  {v.Health}");
});
