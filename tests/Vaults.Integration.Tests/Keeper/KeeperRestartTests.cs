using Vaults.Chain;
using Nethereum.Contracts;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Hosting;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>A stopped keeper resumes from its SQLite file (no rescan from the deployment block) and liquidates what broke while it was down.</summary>
public sealed class KeeperRestartTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;

    [Fact]
    public async Task Restart_resumes_from_the_stored_block_and_liquidates_the_vaults_broken_while_down()
    {
        ulong start = await BlockNumberAsync();
        string database = NewDatabasePath();
        var before = new List<Address> { await OpenAsync(2, true, 260, 1), await OpenAsync(3, false, 1_000, 1) };

        var first = await StartKeeperAsync(Options(KeeperAccount, database));
        await first.Status.WaitUntilSyncedAsync(CancellationToken.None);
        Assert.Equal(Deployment.DeploymentBlock, first.Status.StartupScanFromBlock); // a fresh file scans from the deployment
        ulong head = await BlockNumberAsync();
        await WaitUntilAsync(() => first.Status.LastBlock == (long)head && first.Status.VaultsIndexed == 2, "the first keeper to index the 2 vaults");
        long stoppedAt = first.Status.LastBlock;
        await first.StopAsync();

        // While it is down: more vaults, and a price that breaks two longs (C = 260 and C = 250 cross at 1,780; the rest do not).
        var openedWhileDown = new List<Address> { await OpenAsync(4, true, 250, 1), await OpenAsync(5, true, 450, 1) };
        await SetPriceAsync(1_780);
        var unhealthy = new HashSet<Address> { before[0], openedWhileDown[0] };
        Assert.Empty(await LiquidationsSinceAsync(start));

        var second = await StartKeeperAsync(Options(KeeperAccount, database));
        await second.Status.WaitUntilSyncedAsync(CancellationToken.None);
        Assert.Equal(stoppedAt + 1, second.Status.StartupScanFromBlock); // resumed after the stored checkpoint, no rescan
        Assert.True(second.Status.StartupScanFromBlock > Deployment.DeploymentBlock);
        Assert.Contains(second.Logs.Lines, l => l.Contains($"Scanning factory events from block {stoppedAt + 1} ", StringComparison.Ordinal));
        Assert.DoesNotContain(second.Logs.Lines, l => l.Contains($"Scanning factory events from block {Deployment.DeploymentBlock} ", StringComparison.Ordinal));

        await WaitUntilAsync(() => second.Status.Liquidations == unhealthy.Count, "the restarted keeper to liquidate the two broken vaults");
        var liquidations = await LiquidationsSinceAsync(start);
        Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count);
        Assert.Equal(1, await PositionStatusAsync(before[1]));
        Assert.Equal(1, await PositionStatusAsync(openedWhileDown[1]));
    }

    [Fact]
    public async Task A_liquidation_left_in_flight_by_a_stopped_keeper_is_resolved_at_restart_not_sent_again()
    {
        string database = NewDatabasePath();
        var options = Options(KeeperAccount, database);
        options.StuckTransactionTimeout = TimeSpan.FromMinutes(5); // wait, do not replace
        var unhealthy = new HashSet<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        var first = await StartKeeperAsync(options);
        await first.Status.WaitUntilSyncedAsync(CancellationToken.None);
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => first.Status.LastBlock == (long)opened && first.Status.VaultsIndexed == 2, "the keeper to index the vaults");
        var nonceBefore = await MinedNonceAsync(KeeperAccount);

        await WithoutAutomineAsync(async () =>
        {
            ulong priceBlock = await MinePriceUpdateAsync(1_780);
            await WaitUntilAsync(() => first.Logs.Lines.Any(l => l.Contains("Sent liquidateBatch", StringComparison.Ordinal)), "the keeper to send its liquidation");
            await first.StopAsync(); // the transaction is still in the mempool

            var second = await StartKeeperAsync(options);
            await second.Status.WaitUntilSyncedAsync(CancellationToken.None);
            await Devnet.DevTools.MineAsync();
            await WaitUntilAsync(() => second.Logs.Lines.Any(l => l.Contains($"from a previous run: mined in block {priceBlock + 1}", StringComparison.Ordinal)),
                "the restarted keeper to resolve the in-flight transaction");
            await Devnet.DevTools.SetAutomineAsync(true);
            ulong head = await BlockNumberAsync();
            await WaitUntilAsync(() => second.Status.LastBlock == (long)head, "the restarted keeper to follow the head");
            await Task.Delay(500);

            var liquidations = await LiquidationsSinceAsync(priceBlock);
            Assert.Equal(unhealthy, liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(unhealthy.Count, liquidations.Count);
            var nonceAfter = await MinedNonceAsync(KeeperAccount);
            Assert.Equal(nonceBefore + 1, nonceAfter); // the restarted keeper sent nothing more
            Assert.Equal(0, second.Status.Liquidations);
        });
    }

    [Fact]
    public async Task A_liquidation_recorded_but_never_sent_by_a_killed_keeper_goes_out_at_restart_as_the_same_signed_transaction()
    {
        string database = NewDatabasePath();
        var unhealthy = new List<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        await SetPriceAsync(1_780);
        ulong priced = await BlockNumberAsync();
        var nonceBefore = await MinedNonceAsync(KeeperAccount);

        // The keeper's executor as it runs: it signs, records the signed bytes in SQLite, and is killed before eth_sendRawTransaction.
        var key = Devnet.Node.Accounts[KeeperAccount].PrivateKey;
        var web3 = VaultsTransactionManager.CreateWeb3(new Nethereum.Web3.Accounts.Account(key, Devnet.Node.ChainId), new Nethereum.JsonRpc.Client.RpcClient(Devnet.Node.RpcUrl));
        var manager = (VaultsTransactionManager)web3.TransactionManager!;
        var input = new Vaults.Contracts.VaultFactory.ContractDefinition.LiquidateBatchFunction
        {
            Vaults = [.. unhealthy.Select(v => v.ToString())], Gas = 2_000_000, FromAddress = AccountAddress(KeeperAccount).ToString(),
        }.CreateTransactionInput(Deployment.VaultFactory.ToString());
        string? hash = null;
        await using (var store = await InFlightStore.OpenAsync(database, CancellationToken.None))
        {
            await Assert.ThrowsAsync<OperationCanceledException>(() => manager.SendTransactionAsync(input, async (h, raw) =>
            {
                hash = h;
                await store.InsertAsync(new InFlightRow(h.ToLowerInvariant(), unhealthy, null, raw), CancellationToken.None);
                throw new OperationCanceledException("killed between the record and the send");
            }));
        }
        Assert.NotNull(hash);
        Assert.Equal(nonceBefore, await MinedNonceAsync(KeeperAccount)); // nothing reached the node
        Assert.Null(await Devnet.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash));

        var keeper = await StartKeeperAsync(Options(KeeperAccount, database));
        await WaitUntilAsync(async () => (await LiquidationsSinceAsync(priced)).Count == unhealthy.Count, "the recorded liquidation to be mined");
        var receipt = await Devnet.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
        Assert.NotNull(receipt); // mined as the very transaction signed before the kill
        Assert.Equal(1, (int)receipt.Status.Value);
        Assert.Contains(keeper.Logs.Lines, l => l.Contains("recorded signed transaction broadcast again", StringComparison.Ordinal));
        ulong head = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock >= (long)head, "the keeper to index the liquidations");
        await Task.Delay(500); // a few more rounds: nothing else is sent
        Assert.Equal(nonceBefore + 1, await MinedNonceAsync(KeeperAccount));
        Assert.Equal(unhealthy.ToHashSet(), (await LiquidationsSinceAsync(priced)).Select(l => (Address)l.Event.Vault).ToHashSet());
    }
}
