using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>Two keepers (two accounts) watching the same vaults: each unhealthy vault is liquidated once, and neither crashes or loops.</summary>
public sealed class KeeperRaceTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperA = 8;
    private const int KeeperB = 9;

    [Fact]
    public async Task Two_keepers_liquidate_every_unhealthy_vault_once_and_keep_running()
    {
        ulong start = await BlockNumberAsync();
        var a = await StartKeeperAsync(Options(KeeperA, NewDatabasePath()));
        var b = await StartKeeperAsync(Options(KeeperB, NewDatabasePath(), webSocket: false));
        var unhealthy = new HashSet<Address>
        {
            await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 260, 1), await OpenAsync(4, true, 270, 1), await OpenAsync(5, true, 200, 0.8m),
        };
        var healthy = new List<Address> { await OpenAsync(6, true, 450, 1), await OpenAsync(7, false, 500, 1) };
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => a.Status.LastBlock >= (long)opened && b.Status.LastBlock >= (long)opened, "both keepers to index the vaults");
        Assert.Equal(6, a.Status.VaultsIndexed);
        Assert.Equal(6, b.Status.VaultsIndexed);
        var (nonceA, nonceB) = (await MinedNonceAsync(KeeperA), await MinedNonceAsync(KeeperB));

        await SetPriceAsync(1_780);
        await WaitUntilAsync(() => a.Status.Liquidations + b.Status.Liquidations >= unhealthy.Count, "the keepers to liquidate the four vaults");
        await Task.Delay(1_500); // let the loser's round and a few more polling rounds run

        var liquidations = await LiquidationsSinceAsync(start);
        Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count); // once each
        Assert.Equal(unhealthy.Count, a.Status.Liquidations + b.Status.Liquidations);
        foreach (var vault in healthy) Assert.Equal(1, await PositionStatusAsync(vault));

        // Neither keeper crashed nor looped on a revert: both still run and follow the chain, each sent at most one transaction.
        ulong head = await BlockNumberAsync();
        await WaitUntilAsync(() => a.Status.LastBlock == (long)head && b.Status.LastBlock == (long)head, "both keepers to follow the head");
        Assert.Null(a.Status.FatalError);
        Assert.Null(b.Status.FatalError);
        Assert.InRange(await MinedNonceAsync(KeeperA) - nonceA, 0ul, 1ul);
        Assert.InRange(await MinedNonceAsync(KeeperB) - nonceB, 0ul, 1ul);
        Assert.True(await MinedNonceAsync(KeeperA) - nonceA + await MinedNonceAsync(KeeperB) - nonceB >= 1);
    }

    [Fact]
    public async Task Both_keepers_transactions_in_one_block_liquidate_each_vault_once_and_the_loser_counts_them_as_done()
    {
        var a = await StartKeeperAsync(Options(KeeperA, NewDatabasePath()));
        var b = await StartKeeperAsync(Options(KeeperB, NewDatabasePath(), webSocket: false));
        var unhealthy = new HashSet<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        var healthy = await OpenAsync(4, true, 450, 1);
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => a.Status.LastBlock >= (long)opened && b.Status.LastBlock >= (long)opened, "both keepers to index the vaults");
        var (nonceA, nonceB) = (await MinedNonceAsync(KeeperA), await MinedNonceAsync(KeeperB));

        await WithoutAutomineAsync(async () =>
        {
            // Both keepers see the price block and send before anything else is mined: their transactions share the next block.
            ulong priceBlock = await MinePriceUpdateAsync(1_780);
            await WaitUntilAsync(() => Sent(a) && Sent(b), "both keepers to send a liquidateBatch");
            await Devnet.DevTools.MineAsync();
            Assert.Equal(2, (await Devnet.Eth.GetBlockByNumberAsync(new BlockParameter(priceBlock + 1)))!.TransactionHashes.Length);
            await WaitUntilAsync(() => Mined(a, priceBlock + 1) && Mined(b, priceBlock + 1), "both keepers to read their receipts");

            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(unhealthy.Count, liquidations.Count);
            Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block));
            var (winner, loser) = a.Status.Liquidations > 0 ? (a, b) : (b, a);
            Assert.Equal(unhealthy.Count, winner.Status.Liquidations);
            Assert.Equal(0, loser.Status.Liquidations);
            // The loser's transaction was mined too, after the winner's: it liquidated nothing, so it reverted with
            // NothingLiquidated, and the keeper counts its vaults as done (another keeper was first).
            Assert.Contains(loser.Logs.Lines, l => l.Contains($"in block {priceBlock + 1}: NothingLiquidated); they are done", StringComparison.Ordinal));

            // Neither crashed nor loops: both follow the next blocks and send nothing more.
            await Devnet.DevTools.SetAutomineAsync(true);
            await Devnet.DevTools.MineAsync();
            await Devnet.DevTools.MineAsync();
            ulong head = await BlockNumberAsync();
            await WaitUntilAsync(() => a.Status.LastBlock == (long)head && b.Status.LastBlock == (long)head, "both keepers to follow the head");
            await Task.Delay(500); // a few more polling rounds
            Assert.Null(a.Status.FatalError);
            Assert.Null(b.Status.FatalError);
            Assert.Equal((nonceA + 1, nonceB + 1), (await MinedNonceAsync(KeeperA), await MinedNonceAsync(KeeperB)));
            Assert.Equal(head, await BlockNumberAsync());
            Assert.Equal(1, await PositionStatusAsync(healthy));
        });
    }

    private static bool Sent(RunningKeeper keeper) => keeper.Logs.Lines.Any(l => l.Contains("Sent liquidateBatch", StringComparison.Ordinal));

    /// <summary>The keeper read its receipt of <paramref name="block"/>: mined, or reverted as the loser of the race.</summary>
    private static bool Mined(RunningKeeper keeper, ulong block) =>
        keeper.Logs.Lines.Any(l => l.Contains($"mined in block {block}:", StringComparison.Ordinal)
            || l.Contains($"in block {block}: NothingLiquidated", StringComparison.Ordinal));
}
