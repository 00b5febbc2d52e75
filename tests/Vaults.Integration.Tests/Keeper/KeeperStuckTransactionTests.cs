using System.Text.RegularExpressions;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
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

    private int SentCount(RunningKeeper keeper) => keeper.Logs.Lines.Count(l => Sent().IsMatch(l));

    /// <summary>A keeper that replaces a stuck transaction after <paramref name="stuckAfter"/> (three times, then stops waiting), with two vaults 1,780 breaks.</summary>
    private async Task<(RunningKeeper Keeper, HashSet<Address> Unhealthy)> StartOnTwoVaultsAsync(TimeSpan stuckAfter)
    {
        var options = Options(KeeperAccount, NewDatabasePath());
        options.StuckTransactionTimeout = stuckAfter;
        var keeper = await StartKeeperAsync(options);
        var unhealthy = new HashSet<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock == (long)opened && keeper.Status.VaultsIndexed == 2, "the keeper to index the vaults");
        return (keeper, unhealthy);
    }

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
        var nonceBefore = await MinedNonceAsync(KeeperAccount);

        // Blocks only when the test says so: the keeper's transaction waits in the mempool.
        await WithoutAutomineAsync(async () =>
        {
            ulong priceBlock = await MinePriceUpdateAsync(1_780);
            await WaitUntilAsync(() => keeper.Logs.Lines.Any(l => Replaced().IsMatch(l)), "the keeper to replace its stuck transaction");
            await Devnet.DevTools.MineAsync();
            await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the replacement to be mined and counted");

            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block));
            var block = (await Devnet.Eth.GetBlockByNumberAsync(new BlockParameter(priceBlock + 1)))!;
            var mined = Assert.Single(block.TransactionHashes);

            var first = Sent().Match(keeper.Logs.Text).Groups[1].Value;
            var replacements = keeper.Logs.Lines.Select(l => Replaced().Match(l)).Where(m => m.Success).ToList();
            Assert.NotEqual(first, mined);
            Assert.Equal(first, replacements[0].Groups[1].Value);
            Assert.Contains(mined, replacements.Select(m => m.Groups[2].Value));
            Assert.All(replacements, m => Assert.Equal(nonceBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value));
            var minedTx = (await Devnet.Eth.GetTransactionByHashAsync(mined))!;
            Assert.Equal(nonceBefore, (ulong)minedTx.Nonce.Value);
            var nonceAfter = await MinedNonceAsync(KeeperAccount);
            Assert.Equal(nonceBefore + 1, nonceAfter); // one transaction for the original and its replacements
            Assert.Equal(1, await PositionStatusAsync(healthy));
        });
    }

    [Fact]
    public async Task A_liquidation_still_pending_after_the_last_replacement_is_not_sent_again_and_counts_when_mined()
    {
        var (keeper, unhealthy) = await StartOnTwoVaultsAsync(TimeSpan.FromSeconds(1));
        var nonceBefore = await MinedNonceAsync(KeeperAccount);
        await WithoutAutomineAsync(async () =>
        {
            ulong priceBlock = await MinePriceUpdateAsync(1_780);
            // Three replacements a second apart, then the keeper stops waiting; the rounds after it must leave the vaults alone.
            await WaitUntilAsync(() => keeper.Logs.Lines.Any(l => l.Contains("RPC error at receipt of", StringComparison.Ordinal)), "the keeper to stop waiting");
            await WaitUntilAsync(() => SentCount(keeper) > 1 || keeper.Logs.Lines.Any(l => l.Contains("have a liquidation in flight; not sent again", StringComparison.Ordinal)),
                "a round after the wait (it sends again, or skips the vaults in flight)");
            Assert.Equal(1, SentCount(keeper));
            Assert.Equal(nonceBefore + 1, (ulong)(await Devnet.Eth.GetTransactionCountAsync(AccountAddress(KeeperAccount).ToLowerHex(), BlockParameter.CreatePending())).Value);

            await Devnet.DevTools.MineAsync();
            await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the mined liquidation to be resolved and counted");
            Assert.Contains(keeper.Logs.Lines, l => l.Contains($"of this run: mined in block {priceBlock + 1}", StringComparison.Ordinal));
            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(unhealthy.Count, liquidations.Count);
            Assert.Equal(nonceBefore + 1, await MinedNonceAsync(KeeperAccount));
            Assert.Equal(1, SentCount(keeper));
        });
    }

    [Fact]
    public async Task A_liquidation_dropped_from_the_mempool_is_sent_again_under_the_same_nonce()
    {
        var (keeper, unhealthy) = await StartOnTwoVaultsAsync(TimeSpan.FromSeconds(2));
        var nonceBefore = await MinedNonceAsync(KeeperAccount);
        await WithoutAutomineAsync(async () =>
        {
            ulong priceBlock = await MinePriceUpdateAsync(1_780);
            await WaitUntilAsync(() => SentCount(keeper) == 1, "the keeper to send its liquidation");
            var dropped = Sent().Match(keeper.Logs.Text).Groups[1].Value;
            Assert.True(await Devnet.DevTools.DropTransactionAsync(dropped)); // before the first replacement is due

            // Nothing to replace, the wait ends; the next round finds the transaction unknown and broadcasts the signed bytes it recorded
            // before sending them (same nonce, same hash) once more.
            await WaitUntilAsync(() => keeper.Logs.Lines.Any(l => l.Contains($"{dropped.ToLowerInvariant()} of this run: unknown to the node; its recorded signed transaction broadcast again", StringComparison.OrdinalIgnoreCase)),
                "the keeper to broadcast the liquidation again");
            Assert.Equal(1, SentCount(keeper));
            await Devnet.DevTools.MineAsync();
            await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the second liquidation to be mined");

            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(unhealthy.Count, liquidations.Count);
            // The dropped nonce reused (same nonce, calldata and fees even sign to the same hash); a skipped nonce would never be mined.
            var mined = Assert.Single((await Devnet.Eth.GetBlockByNumberAsync(new BlockParameter(priceBlock + 1)))!.TransactionHashes);
            Assert.Equal(dropped, mined, ignoreCase: true);
            Assert.Equal(nonceBefore, (ulong)(await Devnet.Eth.GetTransactionByHashAsync(mined))!.Nonce.Value);
            Assert.Equal(nonceBefore + 1, await MinedNonceAsync(KeeperAccount));
        });
    }
}
