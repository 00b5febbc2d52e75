using System.Globalization;
using Vaults.Contracts.VaultFactory;
using Vaults.Chain;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults keeper</c> as a process on the shared devnet: it liquidates a vault whose price was crossed, and stops on Ctrl-C.</summary>
public sealed class KeeperCommandTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    [Fact]
    public async Task Keeper_liquidates_a_crossed_vault_and_stops_cleanly_on_ctrl_c()
    {
        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "long", "--collateral", "1000", "--leverage", "9x", "--dev-account", "2")).WriteResult("vault open");
        var vault = Address.Parse(opened.GetProperty("address").GetString()!);
        var database = Path.Combine(Devnet.Directory, $"keeper-{Guid.NewGuid():N}.db");
        using var keeper = Cli.Start(["keeper", "--dev-account", "9", "--rpc-url", Devnet.RpcUrl, "--ws-url", Devnet.RpcUrl.Replace("http", "ws"),
            "--database", database, "--poll-interval", "00:00:00.250"], Devnet.Directory);
        var stderr = keeper.StandardError.ReadToEndAsync();
        // Read as it comes: the test waits for the keeper's own log line of the liquidation, not only the chain's state.
        var log = new System.Text.StringBuilder();
        var stdout = Task.Run(async () =>
        {
            while (await keeper.StandardOutput.ReadLineAsync() is { } line)
                lock (log) log.AppendLine(line);
            lock (log) return log.ToString();
        });
        bool Logged(string text) { lock (log) return log.ToString().Contains(text, StringComparison.Ordinal); }
        try
        {
            var crash = decimal.Round(opened.GetProperty("liquidationPrice").GetAmount() - 20m, 2).ToString(CultureInfo.InvariantCulture);
            var set = await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", crash, "--dev-account", "0");
            Assert.True(set.ExitCode == 0, set.ToString());

            var factory = new VaultFactoryService(Devnet.Web3, Devnet.Deployment.VaultFactory);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await factory.PositionQueryAsync(vault)).Status != 3 && DateTime.UtcNow < deadline && !keeper.HasExited)
                await Task.Delay(250);
            Assert.True((await factory.PositionQueryAsync(vault)).Status == 3,
                $"the keeper did not liquidate {vault}; exited: {keeper.HasExited}\n{(keeper.HasExited ? await stderr : "")}");
            // The state is on chain as soon as the block is mined; the keeper logs once it has read the receipt.
            var logged = DateTime.UtcNow.AddSeconds(20);
            while (!Logged($"Liquidated {vault}") && DateTime.UtcNow < logged && !keeper.HasExited) await Task.Delay(100);
        }
        finally
        {
            await Cli.InterruptAsync(keeper);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await keeper.WaitForExitAsync(cts.Token); } catch (OperationCanceledException) { keeper.Kill(entireProcessTree: true); }
        }
        Assert.True(keeper.ExitCode == 0, $"exit {keeper.ExitCode}\n{await stdout}\n{await stderr}");
        // The log in people's units: the fee in tokens with its symbol, the price to the cent, "full"/"partial" (not False), and
        // no info line for blocks where nothing happened (the scan's own lines are Debug then).
        var printed = await stdout;
        Assert.Matches(@"Liquidated 0x[0-9a-fA-F]{40} in 0x[0-9a-f]{64} \((full|partial), at [\d,]+\.\d\d, keeper fee [\d,.]+ tUSDC, bad debt [\d,.]+ tUSDC\)", printed);
        Assert.DoesNotContain("False", printed);
        Assert.DoesNotContain("True", printed);
        Assert.DoesNotMatch(@"\d{15,}", System.Text.RegularExpressions.Regex.Replace(printed, "0x[0-9a-fA-F]+", "")); // base units, outside hashes and addresses
        Assert.DoesNotContain("Scanning factory events", printed);
        Assert.DoesNotContain(Vaults.Devnet.HardhatDevAccounts.PublishedDevKeys[9].PrivateKey[2..], await stdout + await stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Keeper_with_an_unreachable_node_fails_in_one_line()
    {
        var result = await Cli.RunAsync(["keeper", "--dev-account", "9", "--rpc-url", $"http://127.0.0.1:{Cli.FreePort()}/"], Devnet.Directory, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Cannot reach an Ethereum node", Assert.Single(result.ErrorLines));
    }
}
