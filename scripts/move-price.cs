#!/usr/bin/env dotnet
// Posts a new oracle price (the signer must be an authorised reporter: dev account 0 on the devnet).
//   dotnet run scripts/move-price.cs -- --dev-account 0 --market ETH-USD --price 1850.25   (--market: required when there are several)
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using Vaults.Client;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var price = flags.Positive("--price");
    var client = await flags.ConnectAsync();
    var market = client.Market(flags.Market);
    var before = await client.GetPriceAsync(market);
    var tx = await client.SetPriceAsync(price, market.Name);
    Console.WriteLine($"{market.Name} ({before.Description}): {before.Price} -> {price} in block {tx.BlockNumber}");
});
