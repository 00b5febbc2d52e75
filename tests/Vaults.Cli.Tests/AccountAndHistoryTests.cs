using System.Globalization;
using System.Text.Json;
using Vaults.Contracts.Deployment;
using Vaults.Devnet;

namespace Vaults.Cli.Tests;

/// <summary>
/// What a user looks for next: VAULTS_RPC_URL and VAULTS_DEPLOYMENT, <c>vaults balance</c>, <c>vault history</c>, a <c>vault show</c>
/// with collateral, maintenance, fees and the distance to liquidation, <c>pool withdraw --amount max</c>, and writes that print
/// their transaction and the state they left. Each with its bad inputs: one line, exit 1, nothing sent.
/// </summary>
public sealed class AccountAndHistoryTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private static string Trader(int account) => HardhatDevAccounts.PublishedDevKeys[account].Address.ToString();

    private async Task AssertRefusedAsync(CliResult result, string expected, System.Numerics.BigInteger blockBefore)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(expected, Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
    }

    private async Task<string> OpenAsync(int account, string side, string collateral, string leverage) =>
        (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", side, "--collateral", collateral, "--leverage", leverage, "--dev-account", account.ToString(CultureInfo.InvariantCulture)))
            .WriteResult("vault open").GetProperty("address").GetString()!;

    [Fact]
    public async Task Environment_variables_stand_for_rpc_url_and_deployment_and_the_flags_win()
    {
        var elsewhere = Directory.CreateTempSubdirectory("vaults-env-").FullName;
        try
        {
            var file = Path.Combine(Devnet.Directory, VaultsDeploymentFile.DefaultFileName);
            var environment = new Dictionary<string, string> { ["VAULTS_RPC_URL"] = Devnet.RpcUrl, ["VAULTS_DEPLOYMENT"] = file };
            var shown = await Cli.RunAsync(["oracle", "show", "--market", "ETH-USD", "--json"], elsewhere, environment: environment);
            Assert.True(shown.ExitCode == 0, shown.ToString());
            Assert.Equal(2000m, JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("price").GetAmount());

            // The flag wins over a variable naming a dead node.
            var dead = new Dictionary<string, string> { ["VAULTS_RPC_URL"] = $"http://127.0.0.1:{Cli.FreePort()}/", ["VAULTS_DEPLOYMENT"] = file };
            var flagWins = await Cli.RunAsync(["oracle", "show", "--market", "ETH-USD", "--rpc-url", Devnet.RpcUrl], elsewhere, environment: dead);
            Assert.True(flagWins.ExitCode == 0, flagWins.ToString());

            var block = await Devnet.BlockNumberAsync();
            var badUrl = await Cli.RunAsync(["vault", "list"], elsewhere, environment: new Dictionary<string, string> { ["VAULTS_RPC_URL"] = "notaurl", ["VAULTS_DEPLOYMENT"] = file });
            await AssertRefusedAsync(badUrl, "VAULTS_RPC_URL: 'notaurl' is not a valid absolute URL", block);

            var badFile = await Cli.RunAsync(["vault", "list"], elsewhere, environment: new Dictionary<string, string> { ["VAULTS_RPC_URL"] = Devnet.RpcUrl, ["VAULTS_DEPLOYMENT"] = "nowhere.json" });
            await AssertRefusedAsync(badFile, "Deployment file 'nowhere.json' not found", block);
            Assert.Contains("(from VAULTS_DEPLOYMENT)", badFile.Stderr);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task Balance_shows_tokens_lp_shares_as_shares_with_their_value_and_eth()
    {
        var trader = (await Devnet.JsonAsync("balance", Trader(3)));
        Assert.Equal(Trader(3), trader.GetProperty("account").GetString());
        Assert.Equal(100_000m, trader.GetProperty("tokens").GetAmount());
        Assert.Equal(0m, trader.GetProperty("lpShares").GetAmount());
        Assert.True(trader.GetProperty("eth").GetAmount() > 9_000m);

        var lp = await Devnet.JsonAsync("balance", "--dev-account", "1");
        Assert.True(lp.GetProperty("lpShares").GetAmount() > 0m);
        Assert.Equal(1_000_000m, lp.GetProperty("lpSharesValue").GetAmount());

        var text = await Devnet.RunAsync("balance", "--dev-account", "1");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"LP shares\s.*[\d,.]+ shares", text.Stdout);
        Assert.Contains("1,000,000 tUSDC", text.Stdout);
        Assert.Contains("ETH", text.Stdout);

        var block = await Devnet.BlockNumberAsync();
        await AssertRefusedAsync(await Devnet.RunAsync("balance"), "needs an ADDRESS, or a signer", block);
        await AssertRefusedAsync(await Devnet.RunAsync("balance", "0x1234"), "Malformed address", block);
    }

    [Fact]
    public async Task History_lists_a_closed_vaults_events_in_order_and_how_it_ended()
    {
        var vault = await OpenAsync(2, "long", "1000", "2");
        Assert.Equal(0, (await Devnet.RunAsync("vault", "add-margin", vault, "--amount", "200", "--dev-account", "2")).ExitCode);
        Assert.Equal(0, (await Devnet.RunAsync("vault", "remove-margin", vault, "--amount", "50.5", "--dev-account", "2")).ExitCode);
        Assert.Equal(0, (await Devnet.RunAsync("vault", "close", vault, "--dev-account", "2")).ExitCode);

        var history = await Devnet.JsonAsync("vault", "history", vault);
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["opened", "margin-added", "margin-removed", "closed"], events.Select(e => e.GetProperty("kind").GetString()));
        var seqs = events.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        var blocks = events.Select(e => e.GetProperty("block").GetInt64()).ToList();
        Assert.Equal(blocks.Order(), blocks);
        Assert.All(events, e => Assert.True(e.GetProperty("time").GetDateTimeOffset().Year >= 2024));
        Assert.Equal(200m, events[1].GetProperty("amounts").GetProperty("delta").GetAmount());
        Assert.Equal(-50.5m, events[2].GetProperty("amounts").GetProperty("delta").GetAmount());
        Assert.Equal(1147.5m, events[3].GetProperty("amounts").GetProperty("payout").GetAmount()); // 1,149.5 less the 2 close fee
        Assert.Equal("Closed", history.GetProperty("status").GetString());
        Assert.StartsWith("Closed in block ", history.GetProperty("outcome").GetString());

        var text = await Devnet.RunAsync("vault", "history", vault);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("paid out 1,147.5 tUSDC", text.Stdout);
        Assert.Contains("removed 50.5 tUSDC of margin", text.Stdout);
    }

    [Fact]
    public async Task History_of_a_liquidated_vault_ends_with_its_fee_penalty_and_bad_debt()
    {
        var vault = await OpenAsync(4, "long", "1000", "9x");
        var liquidationPrice = (await Devnet.JsonAsync("vault", "show", vault)).GetProperty("liquidationPrice").GetAmount();
        var crash = decimal.Round(liquidationPrice - 10m, 2).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", crash, "--dev-account", "0")).ExitCode);
        var liquidate = await Devnet.RunAsync("vault", "liquidate", vault, "--dev-account", "8");
        Assert.True(liquidate.ExitCode == 0, liquidate.ToString());
        Assert.Matches(@"keeper fee [\d,.]+ tUSDC to you", liquidate.Stdout);

        var history = await Devnet.JsonAsync("vault", "history", vault);
        var last = history.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("kind").GetString() == "liquidated");
        Assert.True(last.GetProperty("amounts").GetProperty("keeperFee").GetAmount() >= 5m);
        last.GetProperty("amounts").GetProperty("penalty").GetAmount();
        last.GetProperty("amounts").GetProperty("badDebt").GetAmount();
        // A 9x long 10 below its liquidation price is liquidated in part (the rest stays open) or in full: the outcome says which.
        Assert.Contains("liquidated at", history.GetProperty("outcome").GetString());
        Assert.Equal(last.GetProperty("description").GetString()!.StartsWith("fully", StringComparison.Ordinal) ? "Liquidated" : "Open", history.GetProperty("status").GetString());
        Assert.Contains("keeper fee", history.GetProperty("outcome").GetString());

        var block = await Devnet.BlockNumberAsync();
        await AssertRefusedAsync(await Devnet.RunAsync("vault", "history", "0x000000000000000000000000000000000000dEaD"), "Unknown vault", block);
        await AssertRefusedAsync(await Devnet.RunAsync("vault", "history", "0xnope"), "Malformed vault address", block);
    }

    [Fact]
    public async Task Show_has_collateral_maintenance_fees_and_the_distance_to_liquidation()
    {
        var vault = await OpenAsync(5, "short", "1000", "2");

        var json = await Devnet.JsonAsync("vault", "show", vault);
        Assert.Equal(1000m, json.GetProperty("collateral").GetAmount());
        Assert.Equal(2000m, json.GetProperty("notional").GetAmount());
        Assert.Equal(2m, json.GetProperty("feesPaid").GetAmount()); // the 0.1% open fee on 2,000
        Assert.Equal(2m, json.GetProperty("closeFeeNow").GetAmount());
        var maintenance = json.GetProperty("maintenanceMargin").GetAmount();
        Assert.InRange(maintenance, 50m, 130m); // 3-6% of 2,000 by tier
        var distance = json.GetProperty("distanceToLiquidation").GetAmount();
        Assert.Equal(json.GetProperty("liquidationPrice").GetAmount() - 2000m, distance);

        var text = await Devnet.RunAsync("vault", "show", vault);
        Assert.True(text.ExitCode == 0, text.ToString());
        foreach (var label in new[] { "Collateral", "Maintenance margin", "Margin ratio", "Liquidation price", "Distance to it", "Fees paid", "Close fee if closed now" })
            Assert.Contains(label, text.Stdout);
        Assert.Contains("1,000 tUSDC", text.Stdout);
    }

    [Fact]
    public async Task Pool_withdraw_max_takes_all_that_can_be_withdrawn_and_then_refuses_in_one_line()
    {
        Assert.Equal(0, (await Devnet.RunAsync("pool", "deposit", "--amount", "5000", "--dev-account", "6")).ExitCode);
        await Devnet.AdvanceTimeAsync(61); // past the deposit cooldown

        var withdrawn = (await Devnet.JsonAsync("pool", "withdraw", "--amount", "max", "--dev-account", "6")).WriteResult("pool withdraw");
        Assert.Equal(0m, withdrawn.GetProperty("accountShares").GetAmount());
        Assert.Equal(100_000m, (await Devnet.JsonAsync("balance", Trader(6))).GetProperty("tokens").GetAmount());

        var block = await Devnet.BlockNumberAsync();
        await AssertRefusedAsync(await Devnet.RunAsync("pool", "withdraw", "--amount", "max", "--dev-account", "6"), "Nothing to withdraw", block);
        await AssertRefusedAsync(await Devnet.RunAsync("pool", "withdraw", "--amount", "maximum", "--dev-account", "6"), "--amount 'maximum' is not a number", block);
    }

    [Fact]
    public async Task Writes_print_the_transaction_and_the_state_they_left()
    {
        var vault = await OpenAsync(7, "long", "1000", "5");

        var add = await Devnet.RunAsync("vault", "add-margin", vault, "--amount", "500", "--dev-account", "7");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Matches(@"tx 0x[0-9a-f]{64}, block \d+, gas used [\d,]+", add.Stdout);
        Assert.Matches(@"collateral now 1,500 tUSDC, liquidation price [\d,.]+ \([\d.]+% away\)", add.Stdout);

        var set = await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", "2100", "--dev-account", "0");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Matches(@"ETH-USD price set to 2,100.00\s+tx 0x[0-9a-f]{64}, block \d+, gas used", set.Stdout);

        var close = await Devnet.RunAsync("vault", "close", vault, "--dev-account", "7");
        Assert.True(close.ExitCode == 0, close.ToString());
        // 2.5 ETH long from 2,000 to 2,100: +250 realised, the close fee 0.1% of 5,250.
        Assert.Contains("realised PnL 250 tUSDC, close fee 5.25 tUSDC", close.Stdout);
        Assert.Contains("paid out 1,744.75 tUSDC", close.Stdout);
        Assert.Matches(@"tx 0x[0-9a-f]{64}, block \d+, gas used", close.Stdout);
    }
}
