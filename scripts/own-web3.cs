#!/usr/bin/env dotnet
// Your own Nethereum Web3, used with the Vaults client and the generated bindings: lists the signer's open vaults with the
// factory's liquidation price, and with --add-margin adds that much collateral to the first one (a transaction signed by
// Nethereum's own account signer).
//   dotnet run scripts/own-web3.cs -- --dev-account 2
//   dotnet run scripts/own-web3.cs -- --key-env TRADER_KEY --rpc-url https://... --deployment sepolia.json --add-margin 100
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using Nethereum.Web3;
using Vaults.Client;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var deployment = await VaultsDeploymentFile.ReadAsync(flags.DeploymentFile);
    var account = await flags.Signer.LoadAsync(deployment.ChainId); // a Nethereum Account (from a key, a keystore or a dev account)
    var web3 = new Web3(account, flags.RpcUrl);                      // plain Nethereum: nothing of the project's in between

    // The generated bindings work with any Nethereum Web3 ...
    var factory = new VaultFactoryService(web3, deployment.VaultFactory);
    // ... and so does the client, which then signs through this Web3.
    var client = await VaultsClient.ConnectAsync(deployment, web3);

    var mine = await client.ListVaultsAsync(owner: client.SignerAddress, openOnly: true);
    Console.WriteLine($"{account.Address}: {mine.Count} open vault(s), {await client.BalanceAsync()} {client.TokenSymbol} in the wallet");
    foreach (var vault in mine)
    {
        var liquidationPrice = await factory.LiquidationPriceQueryAsync(vault.Address);
        Console.WriteLine($"  {vault.Address} {vault.Side} size {vault.Size}, collateral {vault.Collateral}, liquidation price {Units.Format(liquidationPrice, 18)}");
    }

    if (flags.Optional("--add-margin") is not null && mine.Count > 0)
    {
        var amount = flags.Positive("--add-margin");
        var tx = await client.AddMarginAsync(mine[0].Address, amount);
        var after = await client.GetVaultAsync(mine[0].Address);
        Console.WriteLine($"Added {amount} {client.TokenSymbol} to {mine[0].Address} in block {tx.BlockNumber}: collateral {after.Collateral}");
    }
});
