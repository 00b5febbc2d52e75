using Vaults.Contracts.MarketConfig;
using Vaults.Chain;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// A market parameter change moves every liquidation price of the market without a vault event: the keeper follows MarketConfig's
/// MarketParamsSet and liquidates what the change pushed under water, at the current price, with no price update.
/// </summary>
public sealed class KeeperMarketParamsTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;

    [Fact]
    public async Task Raising_the_maintenance_margin_gets_the_vaults_it_breaks_liquidated_at_the_current_price()
    {
        var keeper = await StartKeeperAsync(Options(KeeperAccount, NewDatabasePath()));
        // Long 1 @ 2,000: with C = 450 liquidatable below ≈1,600 under the 3 % tier, below ≈1,939 under 20 %; with C = 1,000 below ≈1,250.
        var broken = await OpenAsync(2, true, 450, 1);
        var healthy = new List<Address> { await OpenAsync(3, true, 1_000, 1), await OpenAsync(4, false, 1_000, 1) };
        await SetPriceAsync(1_780);
        ulong priced = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock >= (long)priced && keeper.Status.VaultsIndexed == 3, "the keeper to index the 3 vaults");
        Assert.Equal(0, keeper.Status.Liquidations);

        var config = new MarketConfigService(Web3(0), Deployment.MarketConfig);
        var p = (await config.MarketQueryAsync(Deployment.MarketId)).P;
        p.MaintenanceMarginBps = [2_000, 2_100, 2_200, 2_300];
        p.TargetMarginBps = 2_400;
        p.InitialMarginBps = 2_500;
        await config.SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, p);
        ulong changed = await BlockNumberAsync();
        Assert.True((await Lens.PreviewManyQueryAsync([broken])).Single().Liquidatable);

        await WaitUntilAsync(() => keeper.Status.Liquidations == 1, "the keeper to liquidate the vault the new maintenance margin broke");
        var liquidations = await LiquidationsSinceAsync(changed);
        var liquidation = Assert.Single(liquidations);
        Assert.Equal(broken, liquidation.Event.Vault);
        Assert.Equal(changed + 1, liquidation.Block);
        Assert.Equal(Wad(1_780), liquidation.Event.Price); // no price update: the parameter change alone
        foreach (var vault in healthy) Assert.Equal(1, await PositionStatusAsync(vault));
        Assert.Null(keeper.Status.FatalError);
    }
}
