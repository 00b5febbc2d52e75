using System.Text.Json;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults deploy --markets FILE</c>: a market list at deployment, the markets a live deployment lacks added, idempotently.</summary>
public sealed class DeployMarketsTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    [Fact]
    public async Task Deploy_creates_the_listed_markets_and_a_second_run_adds_only_what_is_missing()
    {
        var file = Path.Combine(Devnet.Directory, $"markets-{Guid.NewGuid():N}.json");
        var list = Path.Combine(Devnet.Directory, $"list-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(list, """
                [
                  { "name": "ETH-USD", "initialPrice": 2000 },
                  { "name": "BTC-USD", "initialPrice": 60000, "settings": { "initialMarginBps": 2000, "targetMarginBps": 1000, "maintenanceMarginBps": [500, 600, 700, 800] } }
                ]
                """);
            string[] deploy = ["deploy", "--deployment", file, "--markets", list, "--dev-account", "0"];
            var first = await Devnet.RunAsync(deploy);
            Assert.True(first.ExitCode == 0, first.ToString());
            var deployed = await VaultsDeploymentFile.ReadAsync(file);
            Assert.Equal(["ETH-USD", "BTC-USD"], deployed.Markets.Select(m => m.Name).ToArray());
            var btc = await Devnet.JsonAsync("market", "show", "BTC-USD", "--deployment", file);
            Assert.Equal(4.97m, btc.GetProperty("maxLeverage").GetAmount());
            Assert.Equal(60_000m, btc.GetProperty("price").GetAmount());

            var block = await Devnet.BlockNumberAsync();
            var again = await Devnet.RunAsync(deploy);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("nothing to do", again.Stdout);
            Assert.Equal(block, await Devnet.BlockNumberAsync());

            await File.WriteAllTextAsync(list, """
                [ { "name": "ETH-USD", "initialPrice": 2000 }, { "name": "BTC-USD", "initialPrice": 60000 }, { "name": "SOL-USD", "initialPrice": 150 } ]
                """);
            var added = await Devnet.RunAsync(deploy);
            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Contains("Added market SOL-USD", added.Stdout);
            var grown = await VaultsDeploymentFile.ReadAsync(file);
            Assert.Equal(deployed.VaultFactory, grown.VaultFactory);
            Assert.Equal(["ETH-USD", "BTC-USD", "SOL-USD"], grown.Markets.Select(m => m.Name).ToArray());
            Assert.Equal(150m, (await Devnet.JsonAsync("oracle", "show", "--market", "SOL-USD", "--deployment", file)).GetProperty("price").GetAmount());
        }
        finally
        {
            File.Delete(file);
            File.Delete(list);
        }
    }

    [Theory]
    [InlineData("""[ { "name": "ETH-USD" }, { "name": "eth-usd" } ]""", "Two markets are named 'eth-usd'")]
    [InlineData("""[ { "name": "ETH USD" } ]""", "Market name 'ETH USD' must be")]
    [InlineData("""[ { "name": "DOGE-USD", "priceFeed": "0x000000000000000000000000000000000000dEaD" } ]""", "has no contract code")]
    [InlineData("""[]""", "lists no market")]
    [InlineData("""{ "name": "ETH-USD" }""", "is not a JSON array of markets")]
    public async Task A_bad_market_list_is_refused_in_one_line_and_nothing_is_deployed(string json, string expected)
    {
        var file = Path.Combine(Devnet.Directory, $"bad-{Guid.NewGuid():N}.json");
        var list = Path.Combine(Devnet.Directory, $"bad-list-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(list, json);
        try
        {
            var block = await Devnet.BlockNumberAsync();
            var result = await Devnet.RunAsync("deploy", "--deployment", file, "--markets", list, "--dev-account", "0");
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains(expected, Assert.Single(result.ErrorLines), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(block, await Devnet.BlockNumberAsync());
            Assert.False(File.Exists(file));
        }
        finally
        {
            File.Delete(list);
        }
    }
}
