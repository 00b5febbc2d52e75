using Vaults.Ethereum.Util;
using Vaults.Integration.Tests.VaultSystem;

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
        Assert.Equal(unhealthy, liquidations.Select(l => l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count);
        Assert.Equal(1, await PositionStatusAsync(before[1]));
        Assert.Equal(1, await PositionStatusAsync(openedWhileDown[1]));
    }
}
