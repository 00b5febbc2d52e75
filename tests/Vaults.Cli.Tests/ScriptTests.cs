using Vaults.Devnet;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.VaultFactory;
using Vaults.Chain;

namespace Vaults.Cli.Tests;

/// <summary>The C# scripts run as the README says (<c>dotnet run scripts/NAME.cs -- flags</c>) against the shared devnet.</summary>
public sealed partial class ScriptTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private async Task<CliResult> RunScriptAsync(string script, params string[] flags)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Devnet.Directory,
        };
        foreach (var arg in (string[])["run", Path.Combine(Cli.RepoRoot, "scripts", script), "--", .. flags, "--rpc-url", Devnet.RpcUrl])
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // the first run compiles the script
        await process.WaitForExitAsync(cts.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Open_vault_script_prints_the_liquidation_price_the_factory_reports()
    {
        var result = await RunScriptAsync("open-vault.cs", "--market", "ETH-USD", "--dev-account", "4", "--side", "short", "--collateral", "800", "--leverage", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        var opened = OpenedLine().Match(result.Stdout);
        Assert.True(opened.Success, result.ToString());
        var vault = Address.Parse(opened.Groups["vault"].Value);
        var printed = decimal.Parse(LiquidationLine().Match(result.Stdout).Groups["price"].Value, CultureInfo.InvariantCulture);
        var onChain = await new VaultFactoryService(Devnet.Web3, Devnet.Deployment.VaultFactory).LiquidationPriceQueryAsync(vault);
        Assert.Equal(Units.Format(onChain, 18), printed.ToString(CultureInfo.InvariantCulture));

        var refused = await RunScriptAsync("open-vault.cs", "--market", "ETH-USD", "--dev-account", "4", "--collateral", "1.1234567");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--collateral 1.1234567 has more than 6 decimals", Assert.Single(refused.ErrorLines));
    }

    [Fact]
    public async Task Open_vault_script_takes_leverage_written_as_the_cli_takes_it()
    {
        var result = await RunScriptAsync("open-vault.cs", "--market", "ETH-USD", "--dev-account", "5", "--side", "long", "--collateral", "1000", "--leverage", "8x");

        Assert.True(result.ExitCode == 0, result.ToString());
        // 1,000 × 8 at 2,000 = 4 ETH.
        Assert.Contains("size 4 at 2000", result.Stdout);
    }

    [Fact]
    public async Task Scripts_answer_help_with_their_usage_and_take_the_side_in_any_case()
    {
        var help = await RunScriptAsync("open-vault.cs", "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("Opens a vault and prints its liquidation price.", help.Stdout);
        Assert.Contains("--side long|short", help.Stdout);
        Assert.Contains("--dev-account N", help.Stdout); // the shared flags
        Assert.Equal("", help.Stderr.Trim());

        var upper = await RunScriptAsync("open-vault.cs", "--market", "ETH-USD", "--dev-account", "6", "--side", "SHORT", "--collateral", "500", "--leverage", "2");
        Assert.True(upper.ExitCode == 0, upper.ToString());
        Assert.Contains("Opened ETH-USD short vault", upper.Stdout);
    }

    [Fact]
    public async Task Move_price_script_posts_the_price_to_the_oracle()
    {
        var result = await RunScriptAsync("move-price.cs", "--market", "ETH-USD", "--dev-account", "0", "--price", "1850.25");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ETH-USD (ETH / USD): 2000 -> 1850.25 in block", result.Stdout);
        var round = await new PriceOracleService(Devnet.Web3, Devnet.Deployment.PriceOracle).LatestRoundDataQueryAsync();
        Assert.Equal(Units.ToBaseUnits(1850.25m, 8), round.Answer);

        var refused = await RunScriptAsync("move-price.cs", "--market", "ETH-USD", "--dev-account", "3", "--price", "1700");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is not an authorised price reporter", Assert.Single(refused.ErrorLines));
    }

    [Fact]
    public async Task Vaults_at_risk_script_lists_only_the_vaults_near_liquidation()
    {
        var risky = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "9x", "--dev-account", "2")).WriteResult("vault open");
        var safe = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "2x", "--dev-account", "3")).WriteResult("vault open");
        // 2% above the risky vault's liquidation price: within 5% of it; the 2x vault stays far away.
        var price = decimal.Round(risky.GetProperty("liquidationPrice").GetAmount() * 1.02m, 2);
        Assert.Equal(0, (await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", price.ToString(CultureInfo.InvariantCulture), "--dev-account", "0")).ExitCode);

        var result = await RunScriptAsync("vaults-at-risk.cs", "--within", "5");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 vault(s) within 5% of liquidation at ", result.Stdout);
        Assert.Contains(risky.GetProperty("address").GetString()!, result.Stdout);
        Assert.DoesNotContain(safe.GetProperty("address").GetString()!, result.Stdout);
    }

    [Fact]
    public async Task Own_web3_script_lists_the_signers_vaults_and_adds_margin_through_its_own_Nethereum_Web3()
    {
        var opened = await RunScriptAsync("open-vault.cs", "--market", "ETH-USD", "--dev-account", "7", "--side", "short", "--collateral", "500", "--leverage", "2");
        Assert.True(opened.ExitCode == 0, opened.ToString());

        var result = await RunScriptAsync("own-web3.cs", "--dev-account", "7", "--add-margin", "100");

        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = ListedVaultLine().Match(result.Stdout);
        Assert.True(listed.Success, result.ToString());
        var vault = Address.Parse(listed.Groups["vault"].Value);
        var factory = new VaultFactoryService(Devnet.Web3, Devnet.Deployment.VaultFactory);
        Assert.Equal(HardhatDevAccounts.PublishedDevKeys[7].Address, Address.Parse(await factory.OwnerOfQueryAsync(vault)));
        Assert.Contains($"Added 100 tUSDC to {vault}", result.Stdout);
        // The price was listed before the margin went in: 100 more collateral moves a short's liquidation price up.
        Assert.True(decimal.Parse(listed.Groups["price"].Value, CultureInfo.InvariantCulture) < decimal.Parse(Units.Format(await factory.LiquidationPriceQueryAsync(vault), 18), CultureInfo.InvariantCulture));
        Assert.Equal(600 * 1_000_000, (await factory.PositionQueryAsync(vault)).Collateral);
    }

    [Fact]
    public async Task Load_script_opens_from_the_trader_accounts_or_from_the_signer_it_is_given()
    {
        var traders = await RunScriptAsync("load.cs", "--market", "ETH-USD", "--count", "3", "--collateral", "200");

        Assert.True(traders.ExitCode == 0, traders.ToString());
        Assert.Contains("Opened 3 vaults from 8 account(s)", traders.Stdout);
        var owners = (await Devnet.JsonAsync("vault", "list")).EnumerateArray().Select(v => v.GetProperty("owner").GetString()).ToList();
        Assert.Equal(3, owners.Count);
        Assert.Equal(3, owners.Distinct().Count());

        var signed = await RunScriptAsync("load.cs", "--market", "ETH-USD", "--count", "2", "--collateral", "200", "--dev-account", "6");

        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Contains("Opened 2 vaults from 1 account(s)", signed.Stdout);
        Assert.Contains("Open vaults now: 5", signed.Stdout);
        var mine = await Devnet.JsonAsync("vault", "list", "--mine", "--dev-account", "6");
        Assert.Equal(2, mine.GetArrayLength());
    }

    [GeneratedRegex(@"(?<vault>0x[0-9a-fA-F]{40}) short size 0\.5, collateral 500, liquidation price (?<price>[0-9.]+)")]
    private static partial Regex ListedVaultLine();

    [GeneratedRegex(@"Opened ETH-USD short vault (?<vault>0x[0-9a-fA-F]{40})")]
    private static partial Regex OpenedLine();

    [GeneratedRegex(@"Liquidation price: (?<price>[0-9.]+)")]
    private static partial Regex LiquidationLine();
}
