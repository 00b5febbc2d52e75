using System.Text.RegularExpressions;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>A liquidation that stays unmined is replaced (same nonce, higher fees), and the replacement is what gets mined.</summary>
public sealed partial class KeeperStuckTransactionTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;

    [GeneratedRegex(@"Sent liquidateBatch (0x[0-9a-f]{64})")]
    private static partial Regex Sent();

    [GeneratedRegex(@"liquidateBatch (0x[0-9a-f]{64}) stuck: replaced by (0x[0-9a-f]{64}) \(nonce (\d+)")]
    private static partial Regex Replaced();

    [Fact]
    public async Task A_stuck_liquidation_is_replaced_with_the_same_nonce_and_higher_fees()
    {
        var options = Options(KeeperAccount, NewDatabasePath());
        options.StuckTransactionTimeout = TimeSpan.FromSeconds(1);
        var keeper = await StartKeeperAsync(options);
        var unhealthy = new HashSet<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        var healthy = await OpenAsync(4, true, 450, 1);
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock == (long)opened && keeper.Status.VaultsIndexed == 3, "the keeper to index the vaults");
        var nonceBefore = (await Devnet.Eth.GetTransactionCountAsync(AccountAddress(KeeperAccount).ToLowerHex(), BlockParameter.CreateLatest())).Value;

        // Blocks only when the test says so: the keeper's transaction waits in the mempool.
        await Devnet.DevTools.SetAutomineAsync(false);
        try
        {
            await new PriceOracleService(Web3(0), Deployment.PriceOracle).SubmitRequestAsync(Units.ToBaseUnits(1_780m, 8));
            await Devnet.DevTools.MineAsync();
            ulong priceBlock = await BlockNumberAsync();
            await WaitUntilAsync(() => keeper.Logs.Lines.Any(l => Replaced().IsMatch(l)), "the keeper to replace its stuck transaction");
            await Devnet.DevTools.MineAsync();
            await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the replacement to be mined and counted");

            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => l.Event.Vault).ToHashSet());
            Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block));
            var block = (await Devnet.Eth.GetBlockByNumberAsync(new BlockParameter(priceBlock + 1)))!;
            var mined = Assert.Single(block.Transactions);

            var first = Sent().Match(keeper.Logs.Text).Groups[1].Value;
            var replacements = keeper.Logs.Lines.Select(l => Replaced().Match(l)).Where(m => m.Success).ToList();
            Assert.NotEqual(first, mined);
            Assert.Equal(first, replacements[0].Groups[1].Value);
            Assert.Contains(mined, replacements.Select(m => m.Groups[2].Value));
            Assert.All(replacements, m => Assert.Equal(nonceBefore.ToString(), m.Groups[3].Value));
            var minedTx = (await Devnet.Eth.GetTransactionByHashAsync(mined))!;
            Assert.Equal(nonceBefore, minedTx.Nonce.Value);
            var nonceAfter = (await Devnet.Eth.GetTransactionCountAsync(AccountAddress(KeeperAccount).ToLowerHex(), BlockParameter.CreateLatest())).Value;
            Assert.Equal(nonceBefore + 1, nonceAfter); // one transaction for the original and its replacements
            Assert.Equal(1, await PositionStatusAsync(healthy));
        }
        finally
        {
            await Devnet.DevTools.SetAutomineAsync(true);
        }
    }
}
