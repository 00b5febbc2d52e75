using Vaults.Contracts.MockSequencerFeed;
using Vaults.Contracts.MockSequencerFeed.ContractDefinition;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>With an L2 sequencer feed set, prices are refused while it is down and during its grace period.</summary>
public class SequencerFeedTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private async Task<MockSequencerFeedService> InstallFeedAsync(bool down, uint grace)
    {
        var receipt = await MockSequencerFeedService.DeployContractAndWaitForReceiptAsync(Web3(0), new MockSequencerFeedDeployment { Down = down });
        var feed = new MockSequencerFeedService(Web3(0), Address.Parse(receipt.ContractAddress!));
        await Config().SetSequencerFeedRequestAndWaitForReceiptAsync(feed.ContractAddress, grace);
        return feed;
    }

    [Fact]
    public async Task While_the_sequencer_is_down_open_remove_margin_and_liquidate_revert_SequencerDown_but_add_margin_works()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await SetPriceAsync(1_790);
        await InstallFeedAsync(down: true, grace: 600);

        await AssertRejectedAsync("SequencerDown", () =>
            Factory(3).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), 1), vault);
        await AssertRejectedAsync("SequencerDown", () => Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(1), AccountAddress(2)), vault);
        await AssertRejectedAsync("SequencerDown", () => Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault), vault);
        // The batch skips the vault (its market has no usable price) and, having liquidated nothing, reverts.
        await AssertRejectedAsync("NothingLiquidated", () => Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([vault]), vault);
        await Factory(2).AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(10));
    }

    [Fact]
    public async Task After_the_sequencer_comes_back_prices_wait_for_its_grace_period()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        var feed = await InstallFeedAsync(down: true, grace: 600);
        await feed.SetStatusRequestAndWaitForReceiptAsync(false);
        var upSince = await NowAsync();

        var ex = await AssertRejectedAsync("SequencerGracePeriodNotOver", () =>
            Factory(3).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), 1), vault);
        Assert.Equal(upSince, Num(ex, "upSince"));
        Assert.Equal(600, Num(ex, "gracePeriod"));
        await AssertRejectedAsync("SequencerGracePeriodNotOver", () => Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(1), AccountAddress(2)), vault);

        await AdvanceAsync(601);
        await SetPriceAsync(1_790);
        await OpenAsync(3, isLong: true, collateral: 1_000, size: 1);
        await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault);
    }
}
