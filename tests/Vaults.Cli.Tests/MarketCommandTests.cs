using System.Globalization;
using System.Text.Json;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary>
/// The devnet's two markets through the CLI: <c>market list|show|add</c>, and <c>--market</c> on every command that acts on one market,
/// with their bad inputs (unknown market, <c>--market</c> missing where there are several, a duplicate name, a feed without code): one
/// line on stderr, exit code 1, no block mined.
/// </summary>
public sealed class MarketCommandTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private async Task AssertRefusedAsync(string expected, params string[] args)
    {
        var blockBefore = await Devnet.BlockNumberAsync();
        var result = await Devnet.RunAsync(args);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(expected, Assert.Single(result.ErrorLines), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
    }

    private static decimal[] Decimals(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetAmount())];

    [Fact]
    public async Task Market_list_and_show_give_each_markets_parameters_in_peoples_units_with_its_price_and_age()
    {
        var markets = await Devnet.JsonAsync("market", "list");
        Assert.Equal(["ETH-USD", "BTC-USD"], markets.EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray());
        var eth = markets[0];
        Assert.Equal(9.9m, eth.GetProperty("maxLeverage").GetAmount()); // 1 / (10% initial margin + 0.1% close fee): what opens
        Assert.Equal([3m, 4m, 5m, 6m], Decimals(eth.GetProperty("maintenanceMarginPercent")));
        Assert.Equal(2_000m, eth.GetProperty("price").GetAmount());

        var btc = await Devnet.JsonAsync("market", "show", "btc-usd");
        Assert.Equal("BTC-USD", btc.GetProperty("name").GetString());
        Assert.Equal(1UL, btc.GetProperty("id").GetUInt64());
        Assert.Equal(4.97m, btc.GetProperty("maxLeverage").GetAmount());
        Assert.Equal([5m, 6m, 7m, 8m], Decimals(btc.GetProperty("maintenanceMarginPercent")));
        Assert.Equal([250_000m, 2_500_000m, 25_000_000m], Decimals(btc.GetProperty("tierThresholds")));
        Assert.Equal(10m, btc.GetProperty("keeperFeeFloor").GetAmount());
        Assert.Equal(1_000m, btc.GetProperty("keeperFeeCap").GetAmount());
        Assert.Equal(1m, btc.GetProperty("liquidationFeePercent").GetAmount());
        Assert.Equal(5m, btc.GetProperty("profitCapMultiple").GetAmount());
        Assert.Equal(500m, btc.GetProperty("maxOpenInterest").GetAmount());
        Assert.Equal(3600u, btc.GetProperty("heartbeatSeconds").GetUInt32());
        Assert.Equal(20m, btc.GetProperty("maxDeviationPercent").GetAmount());
        Assert.False(btc.GetProperty("paused").GetBoolean());
        Assert.Equal(60_000m, btc.GetProperty("price").GetAmount());
        Assert.InRange(btc.GetProperty("priceAgeSeconds").GetInt64(), 0, 3600);
        Assert.False(btc.GetProperty("priceStale").GetBoolean());

        var table = await Devnet.RunAsync("market", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("BTC-USD", table.Stdout);
        Assert.Contains("60,000.00", table.Stdout);
        var shown = await Devnet.RunAsync("market", "show", "ETH-USD");
        Assert.Contains("Maintenance margin by entry notional", shown.Stdout);
        Assert.Contains("3.00% from 0, 4.00% from 100,000", shown.Stdout);

        await AssertRefusedAsync("Unknown market 'DOGE-USD': this deployment has ETH-USD, BTC-USD", "market", "show", "DOGE-USD");
    }

    [Fact]
    public async Task Vault_open_needs_the_market_when_there_are_several_and_checks_that_markets_own_limits()
    {
        await AssertRefusedAsync("This deployment has 2 markets (ETH-USD, BTC-USD): say which with --market",
            "vault", "open", "--side", "long", "--collateral", "1000", "--leverage", "2", "--dev-account", "2");
        await AssertRefusedAsync("Unknown market 'SOL-USD'", "vault", "open", "--market", "SOL-USD", "--side", "long", "--collateral", "1000", "--leverage", "2", "--dev-account", "2");
        await AssertRefusedAsync("above the most BTC-USD opens, 4.97x", "vault", "open", "--market", "BTC-USD", "--side", "long", "--collateral", "1000", "--leverage", "8x", "--dev-account", "2");

        var btc = (await Devnet.JsonAsync("vault", "open", "--market", "BTC-USD", "--side", "long", "--collateral", "1000", "--leverage", "4x", "--dev-account", "2")).WriteResult("vault open");
        Assert.Equal("BTC-USD", btc.GetProperty("market").GetString());
        Assert.Equal(60_000m, btc.GetProperty("entryPrice").GetAmount());
        var eth = (await Devnet.JsonAsync("vault", "open", "--market", "0", "--side", "short", "--collateral", "1000", "--leverage", "8x", "--dev-account", "3")).WriteResult("vault open");
        Assert.Equal("ETH-USD", eth.GetProperty("market").GetString());

        var all = await Devnet.JsonAsync("vault", "list");
        Assert.Equal(["BTC-USD", "ETH-USD"], all.EnumerateArray().Select(v => v.GetProperty("market").GetString()!).Order(StringComparer.Ordinal).ToArray());
        var onlyBtc = await Devnet.JsonAsync("vault", "list", "--market", "BTC-USD");
        Assert.Equal(btc.GetProperty("address").GetString(), Assert.Single(onlyBtc.EnumerateArray()).GetProperty("address").GetString());
        var table = await Devnet.RunAsync("vault", "list");
        Assert.Contains("BTC-USD", table.Stdout);
        Assert.Contains("Market", table.Stdout);
        await AssertRefusedAsync("Unknown market 'XRP-USD'", "vault", "list", "--market", "XRP-USD");
    }

    [Fact]
    public async Task Oracle_set_price_and_show_take_the_market()
    {
        await AssertRefusedAsync("say which with --market", "oracle", "set-price", "--price", "1900", "--dev-account", "0");
        await AssertRefusedAsync("Unknown market 'ETH-EUR'", "oracle", "set-price", "--market", "ETH-EUR", "--price", "1900", "--dev-account", "0");

        var set = await Devnet.RunAsync("oracle", "set-price", "--market", "BTC-USD", "--price", "58000.5", "--dev-account", "0");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("BTC-USD price set to 58,000.50", set.Stdout);
        var btc = await Devnet.JsonAsync("oracle", "show", "--market", "BTC-USD");
        Assert.Equal(58_000.5m, btc.GetProperty("price").GetAmount());
        Assert.Equal("BTC / USD", btc.GetProperty("description").GetString());
        Assert.Equal(2_000m, (await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD")).GetProperty("price").GetAmount());

        var every = await Devnet.JsonAsync("oracle", "show");
        Assert.Equal(["ETH-USD", "BTC-USD"], every.EnumerateArray().Select(p => p.GetProperty("market").GetString()!).ToArray());
        var table = await Devnet.RunAsync("oracle", "show");
        Assert.Contains("58,000.50", table.Stdout);
        Assert.Contains("2,000.00", table.Stdout);
    }

    [Fact]
    public async Task Market_add_creates_a_market_records_it_and_does_nothing_the_second_time()
    {
        // A copy of the deployment file: the shared devnet's own file keeps its two markets for the other tests.
        var file = Path.Combine(Devnet.Directory, $"add-{Guid.NewGuid():N}.json");
        File.Copy(Path.Combine(Devnet.Directory, VaultsDeploymentFile.DefaultFileName), file);
        try
        {
            var added = await Devnet.RunAsync("market", "add", "--name", "SOL-USD", "--initial-price", "150.25", "--max-leverage", "4x",
                "--maintenance", "6,7,8,9", "--dev-account", "0", "--deployment", file);
            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Contains("Added market SOL-USD (id 2", added.Stdout);
            var deployment = await VaultsDeploymentFile.ReadAsync(file);
            Assert.Equal(["ETH-USD", "BTC-USD", "SOL-USD"], deployment.Markets.Select(m => m.Name).ToArray());
            var sol = await Devnet.JsonAsync("market", "show", "SOL-USD", "--deployment", file);
            Assert.Equal(3.98m, sol.GetProperty("maxLeverage").GetAmount());
            Assert.Equal([6m, 7m, 8m, 9m], Decimals(sol.GetProperty("maintenanceMarginPercent")));
            Assert.Equal(150.25m, sol.GetProperty("price").GetAmount());
            var opened = (await Devnet.JsonAsync("vault", "open", "--market", "SOL-USD", "--side", "short", "--collateral", "500", "--leverage", "3x",
                "--dev-account", "4", "--deployment", file)).WriteResult("vault open");
            Assert.Equal("SOL-USD", opened.GetProperty("market").GetString());

            var block = await Devnet.BlockNumberAsync();
            var again = await Devnet.RunAsync("market", "add", "--name", "sol-usd", "--initial-price", "150.25", "--dev-account", "0", "--deployment", file);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.Contains("Market SOL-USD is already in", again.Stdout);
            Assert.Contains("nothing to do", again.Stdout);
            Assert.Equal(block, await Devnet.BlockNumberAsync());

            await AssertRefusedAsync("A market named ETH-USD already exists", "market", "add", "--name", "ETH-USD",
                "--price-feed", deployment.Markets[1].Feed.ToString(), "--dev-account", "0", "--deployment", file);
            await AssertRefusedAsync("has no contract code", "market", "add", "--name", "DOGE-USD",
                "--price-feed", "0x000000000000000000000000000000000000dEaD", "--dev-account", "0", "--deployment", file);
            await AssertRefusedAsync("Market name 'bad name!' must be", "market", "add", "--name", "bad name!", "--initial-price", "1", "--dev-account", "0", "--deployment", file);
            await AssertRefusedAsync("Give --price-feed", "market", "add", "--name", "ADA-USD", "--dev-account", "0", "--deployment", file);
            await AssertRefusedAsync("--maintenance takes 4 positive numbers", "market", "add", "--name", "ADA-USD", "--initial-price", "1",
                "--maintenance", "5,6", "--dev-account", "0", "--deployment", file);
            await AssertRefusedAsync("give a signer", "market", "add", "--name", "ADA-USD", "--initial-price", "1", "--deployment", file);
            Assert.Equal(3, (await VaultsDeploymentFile.ReadAsync(file)).Markets.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
