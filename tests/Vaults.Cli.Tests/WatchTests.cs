using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults watch</c> as a process: one snapshot (--once, --json), a line per event when piped, a live display in a terminal, and its bad inputs.</summary>
public sealed class WatchTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private async Task<string> OpenAsync(int account, string leverage) =>
        (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", leverage, "--dev-account", account.ToString(CultureInfo.InvariantCulture)))
            .WriteResult("vault open").GetProperty("address").GetString()!;

    [Fact]
    public async Task Once_prints_the_price_and_the_vaults_nearest_liquidation_closest_first()
    {
        var risky = await OpenAsync(2, "9x");
        var safe = await OpenAsync(3, "2x");

        var snapshot = await Devnet.JsonAsync("watch", "--market", "ETH-USD", "--once");

        Assert.Equal(2000m, snapshot.GetProperty("price").GetProperty("price").GetAmount());
        Assert.True(snapshot.GetProperty("price").GetProperty("usable").GetBoolean());
        Assert.Equal(2, snapshot.GetProperty("openVaults").GetInt32());
        var nearest = snapshot.GetProperty("nearest").EnumerateArray().Select(v => v.GetProperty("address").GetString()).ToList();
        Assert.Equal([risky, safe], nearest);

        var table = await Devnet.RunAsync("watch", "--market", "ETH-USD", "--once");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Nearest liquidation", table.Stdout);
        Assert.Contains("ETH / USD", table.Stdout);
        Assert.Contains("No liquidations yet.", table.Stdout);
    }

    [Fact]
    public async Task Piped_watch_prints_a_line_for_each_price_change_and_each_liquidation_as_it_lands_and_stops_on_ctrl_c()
    {
        var vault = await OpenAsync(4, "9x");
        var liquidationPrice = (await Devnet.JsonAsync("vault", "show", vault)).GetProperty("liquidationPrice").GetAmount();
        using var watch = Cli.Start(["watch", "--market", "ETH-USD", "--interval", "0.3", "--rpc-url", Devnet.RpcUrl], Devnet.Directory);
        var stderr = watch.StandardError.ReadToEndAsync();
        try
        {
            var first = await Cli.WaitForLineAsync(watch, "price 2,000.00", TimeSpan.FromSeconds(60));
            Assert.Contains($"nearest {vault}", first);

            var crash = decimal.Round(liquidationPrice - 10m, 2);
            Assert.Equal(0, (await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", crash.ToString(CultureInfo.InvariantCulture), "--dev-account", "0")).ExitCode);
            await Cli.WaitForLineAsync(watch, $"price {crash.ToString("#,0.00", CultureInfo.InvariantCulture)}", TimeSpan.FromSeconds(30));

            Assert.Equal(0, (await Devnet.RunAsync("vault", "liquidate", vault, "--dev-account", "8")).ExitCode);
            var landed = await Cli.WaitForLineAsync(watch, $"Liquidated {vault}", TimeSpan.FromSeconds(30));
            Assert.Matches(@"Liquidated 0x[0-9a-fA-F]{40} in block \d+ \((full|partial)\) at [\d,.]+: keeper fee [\d,.]+ tUSDC", landed);
            Assert.DoesNotContain("(before the watch)", landed);
        }
        finally
        {
            await Cli.InterruptAsync(watch);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await watch.WaitForExitAsync(cts.Token); } catch (OperationCanceledException) { watch.Kill(entireProcessTree: true); }
        }
        Assert.Equal(0, watch.ExitCode);
        Assert.Contains("Stopped watching.", await stderr);
    }

    [Fact]
    public async Task In_a_terminal_watch_is_a_live_display()
    {
        await OpenAsync(5, "5x");
        // util-linux 'script' gives the CLI a pseudo-terminal, as a person's shell would.
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Devnet.Directory,
        };
        foreach (var arg in new[] { "-qefc", $"dotnet '{Cli.DllPath}' watch --market ETH-USD --interval 0.3 --rpc-url {Devnet.RpcUrl}", "/dev/null" }) info.ArgumentList.Add(arg);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["COLUMNS"] = "200";
        info.Environment["LINES"] = "50";
        using var process = Process.Start(info)!;
        try
        {
            var seen = await Cli.WaitForLineAsync(process, "Nearest liquidation", TimeSpan.FromSeconds(60));
            Assert.Contains("\u001b[?25l", seen); // the live display hides the cursor while it redraws
            Assert.Contains("ETH / USD", seen);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("--interval 0", "--interval must be greater than zero")]
    [InlineData("--interval 0.01", "--interval must be between 0.1 and 3600 seconds")]
    [InlineData("--top 0", "--top must be between 1 and 1000")]
    [InlineData("--json", "--json needs --once")]
    public async Task Bad_watch_options_are_refused_in_one_line(string args, string expected)
    {
        var result = await Devnet.RunAsync(["watch", .. args.Split(' ')]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.ErrorLines));
    }
}
