using System.Diagnostics;
using Spectre.Console;
using Vaults.Client;
using Vaults.Cli.Commands;
using Vaults.Chain;

namespace Vaults.Cli.Demo;

/// <summary>
/// The whole story on a local devnet it starts itself: LPs fund the pool, traders open longs and shorts at different
/// leverage, the keeper starts, the price falls in steps, and every liquidation is shown as it lands on chain (read
/// from the factory's VaultLiquidated events). Ends with the verdict of <see cref="DemoSummary"/>.
/// </summary>
internal sealed class DemoRunner(Output output, int? port)
{
    /// <summary>How long one price step may wait for the keeper before the demo moves on (and reports a miss).</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    public async Task<DemoSummary> RunAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Step("Starting a local devnet (Hardhat node on 127.0.0.1) and deploying the system...");
        await using var devnet = await Waiting.RunAsync(output, "Starting the devnet...", "  ", progress => LocalDevnet.StartAsync(port, progress, ct));
        var admin = await devnet.ClientAsync(LocalDevnet.AdminAccount, ct);
        var startBlock = (long)(await admin.Web3.Eth.BlockNumberAsync(ct)).Value;

        Step("Liquidity providers fund the pool");
        var lp = await devnet.ClientAsync(DemoPlan.SecondLiquidityProvider, ct);
        await lp.DepositAsync(DemoPlan.SecondDeposit, ct);
        var pool = await admin.GetPoolAsync(ct: ct);
        output.Line($"  pool: {Format.Amount(pool.TotalAssets)} {Markup.Escape(admin.TokenSymbol)} " +
                    $"(seeded LP {Format.Amount(LocalDevnet.PoolLiquidity)} + second LP {Format.Amount(DemoPlan.SecondDeposit)})");

        var opening = string.Join(" and ", await Task.WhenAll(DemoPlan.Markets.Select(async m => $"{m} {Format.Price((await admin.GetPriceAsync(m, ct)).Price)}")));
        Step($"Traders open {DemoPlan.Positions.Count} vaults at {opening}");
        var vaults = new List<DemoVault>();
        foreach (var p in DemoPlan.Positions)
        {
            var trader = await devnet.ClientAsync(p.Account, ct);
            var view = await trader.OpenVaultAsync(new OpenVaultRequest(p.IsLong, p.Collateral, Leverage: p.Leverage, Market: p.Market), ct);
            vaults.Add(new DemoVault(view.Address, p.Account, p.IsLong, p.Leverage, view.LiquidationPrice, p.Market));
            output.Line($"  trader #{p.Account}: {p.Market} {view.Side,-5} {p.Leverage}x  collateral {Format.Amount(p.Collateral),6}  " +
                        $"size {Format.Size(view.Size),-8} liquidation at {Format.Price(view.LiquidationPrice)}  [grey]{view.Address}[/]");
        }

        Step("The keeper starts (the real daemon, in-process) and indexes the vaults");
        await using var keeper = await Waiting.RunAsync(output, "The keeper is indexing the vaults...", "  ", _ => DemoKeeper.StartAsync(devnet, DemoPlan.KeeperAccount, ct));
        output.Line($"  keeper {devnet.Node.Accounts[DemoPlan.KeeperAccount].Address} synced: {keeper.Status.VaultsIndexed} vaults indexed");

        Step("The prices fall in steps, each market by its own amount");
        var liquidated = new List<LiquidationResult>();
        var lastBlockSeen = startBlock;
        var prices = new Dictionary<string, (decimal Lowest, decimal Highest)>();
        foreach (var market in DemoPlan.Markets)
        {
            var now = (await admin.GetPriceAsync(market, ct)).Price;
            prices[market] = (now, now);
        }
        for (int step = 0; step < DemoPlan.PricePaths.Values.Max(p => p.Count); step++)
        {
            foreach (var market in DemoPlan.Markets)
            {
                if (step >= DemoPlan.PricePaths[market].Count) continue;
                var price = DemoPlan.PricePaths[market][step];
                var posted = await admin.SetPriceAsync(price, market, ct);
                prices[market] = (Math.Min(prices[market].Lowest, price), Math.Max(prices[market].Highest, price));
                output.Line($"  [bold]{market} {Format.Price(price)}[/] (block {posted.BlockNumber})");
            }
            lastBlockSeen = await WatchLiquidationsAsync(admin, lastBlockSeen, liquidated, ct);
        }

        Step("Vaults at the end");
        var final = await admin.ListVaultsAsync(openOnly: false, ct: ct);
        if (!output.IsJson) output.Console.Write(VaultTable.Create(final, admin.TokenSymbol, output.IsNarrow));
        var summary = DemoSummary.Create(vaults, prices, liquidated.Select(l => l.Vault), clock.Elapsed.TotalSeconds);
        PrintSummary(summary, liquidated, admin.TokenSymbol);
        return summary;
    }

    /// <summary>
    /// Shows the VaultLiquidated events as they arrive, until no open vault is liquidatable at the posted price (the
    /// keeper caught up) or <see cref="StepTimeout"/> passes. Returns the last block read.
    /// </summary>
    private async Task<long> WatchLiquidationsAsync(VaultsClient client, long lastBlockSeen, List<LiquidationResult> liquidated, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // Health first, events second: a liquidation that made every vault healthy is then always among the events read.
            var open = await client.ListVaultsAsync(openOnly: true, ct: ct);
            var pending = open.Count(v => v.Health == VaultHealth.Liquidatable);
            var head = (long)(await client.Web3.Eth.BlockNumberAsync(ct)).Value;
            if (head > lastBlockSeen)
            {
                foreach (var l in await client.LiquidationsAsync(lastBlockSeen + 1, head, ct))
                {
                    liquidated.Add(l);
                    output.Line($"    [red]liquidated[/] {l.Vault} in block {l.Block}: {(l.Full ? "full" : "partial")}, closed {Format.Size(l.ClosedSize)} at {Format.Price(l.Price)}, " +
                                $"keeper fee {Format.Amount(l.KeeperFee)}, penalty {Format.Amount(l.Penalty)}, bad debt {Format.Amount(l.BadDebt)}");
                }
                lastBlockSeen = head;
            }
            if (pending == 0) return lastBlockSeen;
            if (deadline.Elapsed > StepTimeout)
            {
                output.Line($"    [yellow]{pending} vault(s) still liquidatable after {StepTimeout.TotalSeconds:0} s; moving on[/]");
                return lastBlockSeen;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private void PrintSummary(DemoSummary summary, IReadOnlyList<LiquidationResult> liquidations, string symbol)
    {
        if (output.IsJson) return;
        var table = new Table().Title(string.Join("; ", summary.Markets.Select(m => $"{m} lowest {Format.Price(summary.Prices[m].Lowest)}, highest {Format.Price(summary.Prices[m].Highest)}")))
            .AddColumns("Vault", "Market", "Trader", "Side", "Leverage", "Liq. price at open", "Crossed", "Liquidated");
        foreach (var v in summary.Vaults)
        {
            var crossed = summary.Crossed.Contains(v.Address);
            var hit = summary.Liquidated.Contains(v.Address);
            var colour = crossed == hit ? (hit ? "red" : "green") : "yellow";
            table.AddRow($"[{colour}]{v.Address}[/]", v.Market, $"#{v.Account}", v.IsLong ? "long" : "short", $"{v.Leverage}x", Format.Price(v.LiquidationPrice),
                crossed ? "yes" : "no", hit ? "yes" : "no");
        }
        output.Console.Write(table);
        output.Line($"Liquidations: {liquidations.Count} (keeper fees {Format.Amount(liquidations.Sum(l => l.KeeperFee))} {Markup.Escape(symbol)}, " +
                    $"bad debt {Format.Amount(liquidations.Sum(l => l.BadDebt))} {Markup.Escape(symbol)}), in {summary.Seconds:0.0} s.");
        foreach (var line in summary.MarketVerdicts) output.Line($"  {Markup.Escape(line)}");
        output.Line(summary.Exact ? $"[green]{Markup.Escape(summary.Verdict)}[/]" : $"[red]{Markup.Escape(summary.Verdict)}[/]");
    }

    private void Step(string text) => output.Line($"[blue]==>[/] {Markup.Escape(text)}");
}
