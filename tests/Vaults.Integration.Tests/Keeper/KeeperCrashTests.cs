using Newtonsoft.Json.Linq;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
using Nethereum.Util;
using Vaults.Integration.Tests.VaultSystem;
using Xunit.Abstractions;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// Issue 10, at scale: with interval mining (a block a second, as a real chain mines whatever the keeper does), one price
/// update pushes 300 vaults below maintenance and the keeper liquidates all of them within 2 blocks of it: batches sized
/// by gas (one transaction of 300 here, at 50,000 gas budgeted a vault under EIP-7825's 2^24), not a fixed count of 50 sent one after
/// another.
/// </summary>
public sealed class KeeperCrashTests(VaultsFixture vaults, ITestOutputHelper output) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;
    private const int Crossed = 300;

    [Fact]
    public async Task With_one_second_blocks_300_vaults_crossed_by_one_price_update_are_liquidated_within_2_blocks()
    {
        // Longs of 1 ETH at 2,000 with 250 to 274 of collateral: liquidation prices about 1,781 to 1,806; all cross at 1,780.
        var crossed = new List<Address>();
        for (int i = 0; i < Crossed; i++) crossed.Add(await OpenAsync(2 + i % 5, isLong: true, collateral: 250 + i % 25, size: 1));
        var healthy = await OpenAsync(6, isLong: true, collateral: 1_000, size: 1);

        var options = Options(KeeperAccount, NewDatabasePath(), webSocket: true);
        var keeper = await StartKeeperAsync(options);
        await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        await WaitUntilAsync(() => keeper.Status.VaultsIndexed == Crossed + 1, "the keeper to index the vaults", 60);

        TransactionReceipt update;
        var started = DateTime.UtcNow;
        await Devnet.DevTools.SetAutomineAsync(false);
        await Devnet.DevTools.SetIntervalMiningAsync(1_000);
        try
        {
            update = await new PriceOracleService(Web3(0), Deployment.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_780m, 8));
            try
            {
                await WaitUntilAsync(() => keeper.Status.Liquidations >= Crossed, "the keeper to liquidate the 300 crossed vaults", 60);
            }
            catch
            {
                output.WriteLine(keeper.Logs.Text);
                throw;
            }
        }
        finally
        {
            await Devnet.DevTools.SetIntervalMiningAsync(0);
            await Devnet.DevTools.SetAutomineAsync(true);
        }

        ulong priceBlock = (ulong)update.BlockNumber.Value;
        var liquidations = await LiquidationsSinceAsync(priceBlock);
        Assert.Equal(crossed.ToHashSet(), liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.Equal(Crossed, liquidations.Count);
        var blocks = liquidations.Select(l => l.Block).Distinct().Order().ToList();
        foreach (var b in blocks)
        {
            var blk = await Devnet.CallAsync("eth_getBlockByNumber", "0x" + b.ToString("x"), false);
            output.WriteLine($"block {b}: gasUsed {Convert.ToInt64(((string)blk["gasUsed"]!)[2..], 16):N0}, {((JArray)blk["transactions"]!).Count} transactions");
        }
        output.WriteLine($"price in block {priceBlock}; liquidations in blocks {string.Join(", ", blocks)}; {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        Assert.All(liquidations, l => Assert.InRange(l.Block, priceBlock + 1, priceBlock + 2));
        Assert.Equal(1, await PositionStatusAsync(healthy));
    }
}
