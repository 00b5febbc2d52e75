#!/usr/bin/env dotnet
// Opens N vaults (default 20), alternating long and short, leverage 2x to 8x, and reports the throughput.
// With a signer flag (--key-env VAR, --keystore FILE --password-file FILE, or --dev-account N) every vault is opened by that
// account, one after another. Without one, on a local devnet only, the 8 trader accounts (2 to 9) open them in parallel.
//   dotnet run scripts/load.cs -- --count 100
//   dotnet run scripts/load.cs -- --count 10 --dev-account 5 --collateral 250
// --market NAME picks the market (required when the deployment has several); leverage is capped at the market's maximum.
#:project ../src/Vaults.Client/Vaults.Client.csproj
#:property PublishAot=false

using System.Diagnostics;
using Vaults.Client;

return await ScriptRunner.RunAsync(args, async flags =>
{
    var count = flags.Count("--count", 20);
    var collateral = flags.Positive("--collateral", 500m);
    // One client per account; each account sends its transactions in order, the accounts in parallel.
    VaultsClient[] traders;
    if (flags.Signer.IsSet)
        traders = [await flags.ConnectAsync()];
    else
    {
        var reader = await flags.ConnectAsync();
        if (reader.Deployment.ChainId != SignerSource.DevnetChainId)
            throw new VaultsClientException($"Chain {reader.Deployment.ChainId} is not a local devnet: give a signer (--key-env VAR, --keystore FILE --password-file FILE).");
        traders = await Task.WhenAll(Enumerable.Range(LocalDevnet.FirstTraderAccount, 8).Select(account =>
            VaultsClient.ConnectAsync(reader.Deployment, flags.RpcUrl, new SignerSource { DevAccount = account })));
    }

    var market = traders[0].Market(flags.Market).Name;
    var maxLeverage = await traders[0].MaxLeverageAsync(market);
    var clock = Stopwatch.StartNew();
    var opened = await Task.WhenAll(traders.Select(async (trader, t) =>
    {
        var mine = 0;
        for (int i = t; i < count; i += traders.Length)
        {
            await trader.OpenVaultAsync(new OpenVaultRequest(IsLong: i % 2 == 0, Collateral: collateral, Leverage: Math.Min(2 + i % 7, maxLeverage), Market: market));
            mine++;
        }
        return mine;
    }));
    clock.Stop();

    var total = opened.Sum();
    Console.WriteLine($"Opened {total} vaults from {traders.Length} account(s) in {clock.Elapsed.TotalSeconds:0.0} s ({total / clock.Elapsed.TotalSeconds:0.0} vaults/s)");
    Console.WriteLine($"Open vaults now: {(await traders[0].ListVaultsAsync(openOnly: true)).Count}");
});
