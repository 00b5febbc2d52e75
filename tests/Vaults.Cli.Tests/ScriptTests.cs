using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory;
using Vaults.Ethereum.Util;

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
        var result = await RunScriptAsync("open-vault.cs", "--dev-account", "4", "--side", "short", "--collateral", "800", "--leverage", "4");

        Assert.True(result.ExitCode == 0, result.ToString());
        var opened = OpenedLine().Match(result.Stdout);
        Assert.True(opened.Success, result.ToString());
        var vault = Address.Parse(opened.Groups["vault"].Value);
        var printed = decimal.Parse(LiquidationLine().Match(result.Stdout).Groups["price"].Value, CultureInfo.InvariantCulture);
        var onChain = await new VaultFactoryService(Devnet.Web3, Devnet.Deployment.VaultFactory).LiquidationPriceQueryAsync(vault);
        Assert.Equal(Units.Format(onChain, 18), printed.ToString(CultureInfo.InvariantCulture));

        var refused = await RunScriptAsync("open-vault.cs", "--dev-account", "4", "--collateral", "1.1234567");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--collateral 1.1234567 has more than 6 decimals", Assert.Single(refused.ErrorLines));
    }

    [GeneratedRegex(@"Opened short vault (?<vault>0x[0-9a-fA-F]{40})")]
    private static partial Regex OpenedLine();

    [GeneratedRegex(@"Liquidation price: (?<price>[0-9.]+)")]
    private static partial Regex LiquidationLine();
}
