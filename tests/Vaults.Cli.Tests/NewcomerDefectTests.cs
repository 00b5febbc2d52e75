using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary>
/// Issue 14's defects, each run as a user runs the CLI (a process): secrets in node URLs never printed, a devnet port already
/// taken refused, a price the market would reject refused before it is posted, the stated maximum leverage openable, and
/// messages in people's units (no .NET internals, no Unix timestamps, no base units).
/// </summary>
public sealed class NewcomerDefectTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    /// <summary>Node URLs carrying a secret four ways: user info, an API key in the path, an Infura-style /v3/ key, a query key.</summary>
    public static TheoryData<string, string> SecretUrls(int port) => new()
    {
        { $"http://user:s3cr3tpass@127.0.0.1:{port}/abcdefapikey123456789", "s3cr3tpass" },
        { $"http://127.0.0.1:{port}/abcdefapikey123456789", "abcdefapikey123456789" },
        { $"http://127.0.0.1:{port}/v3/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef" },
        { $"http://127.0.0.1:{port}/rpc?apikey=QWERTY7766", "QWERTY7766" },
    };

    public static TheoryData<string, string> DeadSecretUrls() => SecretUrls(Cli.FreePort());

    private static void AssertOneLineWithoutSecret(CliResult result, string secret)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.DoesNotContain(secret, result.Stdout + result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Single(result.ErrorLines, l => !l.StartsWith("keeper: signing with", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DeadSecretUrls))]
    public async Task Every_command_redacts_secrets_in_node_urls(string url, string secret)
    {
        var list = await Cli.RunAsync(["vault", "list", "--rpc-url", url], Devnet.Directory);
        AssertOneLineWithoutSecret(list, secret);
        Assert.Contains("Cannot reach an Ethereum node at http://127.0.0.1:", list.Stderr);
        Assert.Contains("***", list.Stderr);

        var keeperDev = await Cli.RunAsync(["keeper", "--dev-account", "9", "--rpc-url", url], Devnet.Directory, TimeSpan.FromSeconds(60));
        AssertOneLineWithoutSecret(keeperDev, secret);

        // Without --dev-account the keeper itself connects (its key from the environment) and reports the node.
        var keeper = await Cli.RunAsync(["keeper", "--key-env", "VAULTS_TEST_KEEPER_KEY", "--rpc-url", url, "--database", Path.Combine(Devnet.Directory, $"{Guid.NewGuid():N}.db")],
            Devnet.Directory, TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["VAULTS_TEST_KEEPER_KEY"] = Vaults.Devnet.HardhatDevAccounts.PublishedDevKeys[9].PrivateKey });
        AssertOneLineWithoutSecret(keeper, secret);
        Assert.Contains("127.0.0.1", keeper.Stderr);

        var deploy = await Cli.RunAsync(["deploy", "--dev-account", "0", "--rpc-url", url, "--deployment", $"{Guid.NewGuid():N}.json"], Devnet.Directory);
        AssertOneLineWithoutSecret(deploy, secret);
    }

    [Fact]
    public async Task A_live_node_behind_user_info_is_reached_and_the_credentials_never_shown()
    {
        // The devnet ignores the Basic authorization header: the command works, and nothing prints the password.
        var url = Devnet.RpcUrl.Replace("http://", "http://alice:hunter2@", StringComparison.Ordinal);
        var result = await Cli.RunAsync(["oracle", "show", "--rpc-url", url], Devnet.Directory);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Devnet_on_a_port_held_by_another_node_refuses_in_one_line_naming_the_port()
    {
        // Another "node" answering eth_chainId 31337 on the port, as a second Hardhat would: the old readiness probe took its answer.
        var port = Cli.FreePort();
        using var other = new HttpListener();
        other.Prefixes.Add($"http://127.0.0.1:{port}/");
        other.Start();
        var requests = 0;
        var serving = Task.Run(async () =>
        {
            while (other.IsListening)
            {
                HttpListenerContext context;
                try { context = await other.GetContextAsync(); } catch (Exception) { return; }
                Interlocked.Increment(ref requests);
                var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"result":"0x7a69"}""");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        var folder = Directory.CreateTempSubdirectory("vaults-devnet-port-").FullName;
        try
        {
            var result = await Cli.RunAsync(["devnet", "--port", port.ToString(CultureInfo.InvariantCulture)], folder, TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 1, result.ToString());
            var line = Assert.Single(result.ErrorLines);
            Assert.Contains($"Port {port} on 127.0.0.1 is already in use", line);
            Assert.DoesNotContain("Devnet ready", result.Stdout);
            Assert.Equal(0, requests); // nothing was deployed on the other node's chain
            Assert.False(File.Exists(Path.Combine(folder, VaultsDeploymentFile.DefaultFileName)));
        }
        finally
        {
            other.Stop();
            await serving;
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Set_price_refuses_a_price_the_circuit_breaker_would_reject_and_force_posts_it()
    {
        var before = await Devnet.BlockNumberAsync();
        var typo = await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", "100", "--dev-account", "0");

        Assert.True(typo.ExitCode == 1, typo.ToString());
        var line = Assert.Single(typo.ErrorLines);
        Assert.Contains("--price 100 is -95% from 2,000", line);
        Assert.Contains("beyond ETH-USD's 20% bound", line);
        Assert.Contains("--force", line);
        Assert.Equal(before, await Devnet.BlockNumberAsync()); // nothing sent

        var ok = (await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD"));
        Assert.True(ok.GetProperty("usable").GetBoolean());

        var forced = (await Devnet.JsonAsync("oracle", "set-price", "--market", "ETH-USD", "--price", "100", "--force", "--dev-account", "0")).WriteResult("oracle set-price");
        Assert.Equal(100m, forced.GetProperty("price").GetAmount());
        Assert.False(forced.GetProperty("usable").GetBoolean());

        var shown = await Devnet.RunAsync("oracle", "show", "--market", "ETH-USD");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("unusable", shown.Stdout);
        Assert.Contains("The circuit breaker is tripped: the price moved from 2,000.00 to 100.00 within a minute (at most 20% is allowed)", shown.Stdout);
        var json = await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD");
        Assert.False(json.GetProperty("usable").GetBoolean());
        Assert.Contains("circuit breaker", json.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_stale_price_is_said_with_its_age_and_time_never_a_unix_timestamp()
    {
        await Devnet.AdvanceTimeAsync(2 * 3600 + 5 * 60);

        var shown = await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD");
        Assert.False(shown.GetProperty("usable").GetBoolean());
        var problem = shown.GetProperty("problem").GetString()!;
        Assert.Contains("The oracle price is stale: posted ", problem);
        Assert.Matches(@"\d+ h \d+ min before the latest block", problem); // at least the 2 h 5 min moved here
        Assert.Contains("at most 1 h old", problem);
        Assert.DoesNotMatch(@"\d{10}", problem);

        var open = await Devnet.RunAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "100", "--leverage", "2", "--dev-account", "2");
        Assert.True(open.ExitCode == 1, open.ToString());
        Assert.Contains("stale", Assert.Single(open.ErrorLines));
        Assert.DoesNotMatch(@"\d{10}", open.Stderr);
    }

    [Fact]
    public async Task The_stated_maximum_leverage_opens()
    {
        var refused = await Devnet.RunAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "10x", "--dev-account", "2");
        Assert.Contains("9.9x", Assert.Single(refused.ErrorLines));

        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "9.9x", "--dev-account", "2")).WriteResult("vault open");
        Assert.Equal(4.95m, opened.GetProperty("size").GetAmount()); // 1,000 x 9.9 / 2,000
    }

    [Fact]
    public async Task A_url_that_is_not_one_is_refused_in_one_line_without_dotnet_names()
    {
        var result = await Cli.RunAsync(["vault", "list", "--rpc-url", "notaurl"], Devnet.Directory);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--rpc-url: 'notaurl' is not a valid absolute URL", line);
        Assert.DoesNotContain("Parameter", line);
        Assert.DoesNotContain("Exception", line);
    }

    [Theory]
    [InlineData(40, "the JSON ends before it is complete")]
    [InlineData(0, "it is not well-formed JSON")]
    public async Task A_truncated_deployment_file_is_one_line_in_words(int keep, string expected)
    {
        var whole = await File.ReadAllTextAsync(Path.Combine(Devnet.Directory, VaultsDeploymentFile.DefaultFileName));
        var file = Path.Combine(Devnet.Directory, $"cut-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, keep == 0 ? "{ oops" : whole[..keep]);

        var result = await Devnet.RunAsync("vault", "list", "--deployment", file);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("BytePositionInLine", line);
        Assert.DoesNotContain("Path: $", line);
    }

    [Fact]
    public async Task A_deployment_file_missing_a_field_names_the_field()
    {
        var whole = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Devnet.Directory, VaultsDeploymentFile.DefaultFileName))).RootElement;
        var partial = string.Join(",", whole.EnumerateObject().Where(p => p.Name != "vaultLens").Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}"));
        var file = Path.Combine(Devnet.Directory, $"partial-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{" + partial + "}");

        var result = await Devnet.RunAsync("vault", "list", "--deployment", file);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("it lacks 'vaultLens'", line);
        Assert.DoesNotContain("Vaults.Contracts", line);
    }

    [Fact]
    public async Task Help_lists_what_each_command_takes_and_not_what_it_ignores()
    {
        var devnetHelp = await Cli.RunAsync(["devnet", "--help"], Devnet.Directory);
        Assert.Equal(0, devnetHelp.ExitCode);
        Assert.DoesNotContain("--rpc-url", devnetHelp.Stdout);
        Assert.Contains("--port", devnetHelp.Stdout);
        Assert.DoesNotContain("--rpc-url", (await Cli.RunAsync(["demo", "--help"], Devnet.Directory)).Stdout);

        Assert.Contains("--rpc-url", (await Cli.RunAsync(["vault", "list", "--help"], Devnet.Directory)).Stdout);

        var keeperHelp = await Cli.RunAsync(["keeper", "--help"], Devnet.Directory);
        Assert.Equal(0, keeperHelp.ExitCode);
        foreach (var flag in new[] { "--rpc-url", "--ws-url", "--database", "--shard", "--http-port", "--poll-interval", "--max-fee-gwei", "--config" })
            Assert.Contains(flag, keeperHelp.Stdout);
        Assert.DoesNotContain("additional arguments", keeperHelp.Stdout);

        var typo = await Cli.RunAsync(["keeper", "--ws-ur", "ws://127.0.0.1:1"], Devnet.Directory);
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("'vaults keeper' has no option --ws-ur", Assert.Single(typo.ErrorLines));
    }

    [Theory]
    [InlineData("LONG", "long")]
    [InlineData("Short", "short")]
    public async Task Side_is_accepted_in_any_letter_case(string typed, string side)
    {
        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", typed, "--collateral", "1000", "--leverage", "2", "--dev-account", "3")).WriteResult("vault open");
        Assert.Equal(side, opened.GetProperty("side").GetString());
    }

    [Fact]
    public async Task Json_amounts_are_strings_and_every_write_has_the_common_shape()
    {
        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "3", "--dev-account", "4")).WriteResult("vault open");
        var vault = opened.GetProperty("address").GetString()!;
        foreach (var amount in new[] { "size", "entryPrice", "collateral", "equity", "marginRatioPercent", "liquidationPrice", "distancePercent" })
            opened.GetProperty(amount).GetAmount();

        var added = (await Devnet.JsonAsync("vault", "add-margin", vault, "--amount", "0.000001", "--dev-account", "4")).WriteResult("vault add-margin");
        Assert.Equal(1000.000001m, added.GetProperty("collateral").GetAmount()); // exact: a double would keep it, a 18-decimal amount would not

        var deposit = (await Devnet.JsonAsync("pool", "deposit", "--amount", "10", "--dev-account", "5")).WriteResult("pool deposit");
        // Shares are worth the deposit, less at most a unit of rounding in the pool's favour (the open vault moves its assets).
        Assert.InRange(deposit.GetProperty("accountAssets").GetAmount(), 9.999m, 10m);
        deposit.GetProperty("accountShares").GetAmount();

        var closed = (await Devnet.JsonAsync("vault", "close", vault, "--dev-account", "4")).WriteResult("vault close");
        Assert.Equal(997.000001m, closed.GetProperty("payout").GetAmount()); // collateral minus the 0.1% close fee of 3,000
        Assert.Equal(3m, closed.GetProperty("closeFee").GetAmount());
        Assert.Equal(0m, closed.GetProperty("realizedPnl").GetAmount());
    }
}
