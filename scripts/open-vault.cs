#!/usr/bin/env dotnet
// Opens a vault and prints its liquidation price.
//   dotnet run scripts/open-vault.cs -- --dev-account 2 --market ETH-USD --side long --collateral 1000 --leverage 5x
// Flags: --market NAME (required when the deployment has several), --side long|short (any case), --collateral TOKENS,
// --leverage N or Nx (default 5x), plus --rpc-url, --deployment and a signer
// (--key-env VAR, --keystore FILE --password-file FILE, or --dev-account N on a devnet).
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using Vaults.Client;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var isLong = flags.IsLong();

    var client = await flags.ConnectAsync();
    var vault = await client.OpenVaultAsync(new OpenVaultRequest(
        IsLong: isLong, Collateral: flags.Positive("--collateral"), Leverage: flags.Leverage(5m), Market: flags.Market));

    Console.WriteLine($"Opened {vault.Market} {vault.Side} vault {vault.Address}: size {vault.Size} at {vault.EntryPrice}, collateral {vault.Collateral} {client.TokenSymbol}");
    Console.WriteLine($"Liquidation price: {vault.LiquidationPrice} ({vault.DistancePercent}% away)");
});
