namespace Vaults.Cli.Tests;

/// <summary>
/// Every bad input: exit code 1, exactly one line on stderr naming the problem, no stack trace, and no block mined
/// (under automine any transaction, even a reverting one, mines a block, so an unchanged block number means nothing changed on chain).
/// </summary>
public sealed class BadInputTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private async Task<string> OpenVaultAsync(int account)
    {
        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "2", "--dev-account", account.ToString())).WriteResult("vault open");
        return opened.GetProperty("address").GetString()!;
    }

    private async Task<CliResult> AssertRefusedAsync(string expected, params string[] args)
    {
        var blockBefore = await Devnet.BlockNumberAsync();
        var result = await Devnet.RunAsync(args);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout);
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
        return result;
    }

    [Fact]
    public Task Malformed_address_is_refused() =>
        AssertRefusedAsync("malformed vault address", "vault", "show", "0x12345");

    [Fact]
    public Task Unknown_vault_is_refused() =>
        AssertRefusedAsync("unknown vault", "vault", "add-margin", "0x000000000000000000000000000000000000dEaD", "--amount", "10", "--dev-account", "2");

    [Theory]
    [InlineData("-5", "greater than zero")]
    [InlineData("0", "greater than zero")]
    [InlineData("1.1234567", "more than 6 decimals")]
    [InlineData("ten", "not a number")]
    [InlineData("1.00000000000000000000000000001", "more digits than can be represented exactly")]
    public async Task Bad_amounts_are_refused(string amount, string expected)
    {
        var vault = await OpenVaultAsync(2);
        await AssertRefusedAsync(expected, "vault", "add-margin", vault, "--amount", amount, "--dev-account", "2");
    }

    [Fact]
    public Task Too_many_decimals_in_collateral_are_refused() =>
        AssertRefusedAsync("--collateral 100.0000001 has more than 6 decimals", "vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "100.0000001", "--leverage", "2", "--dev-account", "2");

    [Fact]
    public Task Leverage_above_the_market_maximum_is_refused() =>
        AssertRefusedAsync("above the most ETH-USD opens, 9.9x", "vault", "open", "--market", "ETH-USD", "--side", "short", "--collateral", "100", "--leverage", "25x", "--dev-account", "2");

    [Fact]
    public async Task Leverage_of_the_initial_margin_alone_is_refused_naming_the_leverage_that_opens()
    {
        // 10% initial margin is 10x, but the equity must also cover the 0.1% close fee: 9.9x is the most, said in people's units.
        var refused = await AssertRefusedAsync("above the most ETH-USD opens, 9.9x (the equity must cover the 10% initial margin plus the 0.1% close fee)",
            "vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "100", "--leverage", "10x", "--dev-account", "2");
        Assert.DoesNotMatch(@"\d\.\d{9,}", refused.Stderr);
    }

    [Fact]
    public async Task Size_above_the_openable_leverage_is_refused_with_the_size_that_would_open()
    {
        // 0.5 at 2,000 on 100 collateral is 10x: the message gives the largest size that opens (0.495), not an 18-decimal equity.
        var refused = await AssertRefusedAsync("at most size 0.495 for this collateral",
            "vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "100", "--size", "0.5", "--dev-account", "2");
        Assert.DoesNotMatch(@"\d\.\d{9,}", refused.Stderr);
    }

    [Fact]
    public async Task Not_the_owner_cannot_remove_margin_or_close()
    {
        var vault = await OpenVaultAsync(2);
        await AssertRefusedAsync("not the owner", "vault", "remove-margin", vault, "--amount", "10", "--dev-account", "3");
        await AssertRefusedAsync("not the owner", "vault", "close", vault, "--dev-account", "3");
    }

    [Fact]
    public async Task Removing_more_than_the_collateral_is_refused_by_the_simulation_and_nothing_is_mined()
    {
        var vault = await OpenVaultAsync(2);
        await AssertRefusedAsync("cannot remove 5000: the vault holds 1000", "vault", "remove-margin", vault, "--amount", "5000", "--dev-account", "2");
    }

    [Fact]
    public Task Collateral_above_the_balance_is_refused_before_any_approval() =>
        AssertRefusedAsync("balance too low", "vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "150000", "--size", "1", "--dev-account", "2");

    [Fact]
    public async Task Healthy_vault_cannot_be_liquidated()
    {
        var vault = await OpenVaultAsync(2);
        await AssertRefusedAsync("is healthy", "vault", "liquidate", vault, "--dev-account", "4");
    }

    [Fact]
    public Task Non_reporter_cannot_set_the_price() =>
        AssertRefusedAsync("not an authorised price reporter", "oracle", "set-price", "--market", "ETH-USD", "--price", "1900", "--dev-account", "3");

    [Fact]
    public Task Missing_deployment_file_is_refused() =>
        AssertRefusedAsync("deployment file 'missing.json' not found", "vault", "list", "--deployment", "missing.json");

    [Fact]
    public Task Transaction_without_a_signer_is_refused() =>
        AssertRefusedAsync("give a signer", "pool", "deposit", "--amount", "10");

    [Fact]
    public Task Unknown_side_is_refused() =>
        AssertRefusedAsync("--side must be long or short", "vault", "open", "--market", "ETH-USD", "--side", "up", "--collateral", "100", "--leverage", "2", "--dev-account", "2");

    [Fact]
    public async Task Node_not_running_is_refused()
    {
        var deadPort = Cli.FreePort();
        var result = await Cli.RunAsync(["vault", "list", "--rpc-url", $"http://127.0.0.1:{deadPort}/"], Devnet.Directory);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"Cannot reach an Ethereum node at http://127.0.0.1:{deadPort} (", line);
    }

    [Fact]
    public async Task Key_from_an_unset_environment_variable_is_refused_without_echoing_anything()
    {
        var vault = await OpenVaultAsync(2);
        await AssertRefusedAsync("VAULTS_TEST_UNSET_KEY", "vault", "add-margin", vault, "--amount", "1", "--key-env", "VAULTS_TEST_UNSET_KEY");
    }

    [Theory]
    [InlineData("0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", "not the key itself")]
    [InlineData("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", "not the key itself")]
    [InlineData("MY-DEPLOYER-KEY", "letters, digits and _")]
    public async Task Key_pasted_into_key_env_is_refused_without_echoing_it(string value, string expected)
    {
        var result = await AssertRefusedAsync(expected, "pool", "deposit", "--amount", "1", "--key-env", value);
        Assert.DoesNotContain(value.Replace("0x", ""), result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--key-env takes the NAME of an environment variable", result.Stderr);
    }
}
