using Vaults.Chain;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Index;

namespace Vaults.Integration.Tests.Keeper;

/// <summary><c>--shard i/n</c>: two keepers split the vaults by address hash; each indexes and liquidates only its own.</summary>
public sealed class KeeperShardTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    [Fact]
    public async Task Two_shards_split_the_vaults_and_each_liquidates_only_its_own()
    {
        ulong start = await BlockNumberAsync();
        var unhealthy = new List<Address>();
        foreach (var (trader, collateral) in new[] { (2, 250m), (3, 255m), (4, 260m), (5, 265m), (6, 270m), (7, 275m) })
            unhealthy.Add(await OpenAsync(trader, true, collateral, 1));
        var shard0 = new KeeperShard(0, 2);
        Assert.Contains(unhealthy, shard0.Owns); // both shards have work (a fixed set of addresses: deterministic)
        Assert.Contains(unhealthy, v => !shard0.Owns(v));

        var options0 = Options(8, NewDatabasePath());
        options0.Shard = "0/2";
        var options1 = Options(9, NewDatabasePath());
        options1.Shard = "1/2";
        var keeper0 = await StartKeeperAsync(options0);
        var keeper1 = await StartKeeperAsync(options1);
        await keeper0.Status.WaitUntilSyncedAsync(CancellationToken.None);
        await keeper1.Status.WaitUntilSyncedAsync(CancellationToken.None);
        int owned0 = unhealthy.Count(shard0.Owns);
        Assert.Equal(owned0, keeper0.Status.VaultsIndexed);
        Assert.Equal(unhealthy.Count - owned0, keeper1.Status.VaultsIndexed);

        await SetPriceAsync(1_780);
        await WaitUntilAsync(() => keeper0.Status.Liquidations + keeper1.Status.Liquidations == unhealthy.Count, "both shards to liquidate their vaults");
        var liquidations = await LiquidationsSinceAsync(start);
        Assert.Equal(unhealthy.ToHashSet(), liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count);
        Assert.All(liquidations, l => Assert.Equal(shard0.Owns(l.Event.Vault) ? AccountAddress(8) : AccountAddress(9), l.Event.Keeper));
    }
}
