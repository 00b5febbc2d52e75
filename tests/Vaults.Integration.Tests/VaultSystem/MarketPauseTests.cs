using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>A paused market stops opening and increasing only; neither a pause nor an unpause touches liquidations.</summary>
public class MarketPauseTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private const int Guardian = 8;

    [Fact]
    public async Task A_paused_market_rejects_open_and_increase_with_MarketPaused_but_add_margin_decrease_close_and_liquidate_work()
    {
        var risky = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8); // liquidatable below ~1,806
        var toTopUp = await OpenAsync(3, isLong: true, collateral: 5_000, size: 4);
        var toReduce = await OpenAsync(4, isLong: true, collateral: 5_000, size: 4);
        var toClose = await OpenAsync(5, isLong: false, collateral: 5_000, size: 4);
        await Config().SetGuardianRequestAndWaitForReceiptAsync(AccountAddress(Guardian));
        await Config(Guardian).PauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId);

        var ex = await AssertRejectedAsync("MarketPaused", () =>
            Factory(6).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), 1));
        Assert.Equal((long)Deployment.MarketId, Num(ex, "marketId"));
        await AssertRejectedAsync("MarketPaused", () =>
            Factory(3).IncreasePositionRequestAndWaitForReceiptAsync(toTopUp, Wad(1), 0, AnyPrice(true)), toTopUp);
        await AssertRejectedAsync("MarketPaused", () =>
            Vault(toTopUp, 3).IncreasePositionRequestAndWaitForReceiptAsync(Wad(1), Usdc(100), AnyPrice(true)), toTopUp);

        await Factory(3).AddMarginRequestAndWaitForReceiptAsync(toTopUp, Usdc(100));
        Assert.Equal(Usdc(5_100), (await Factory().PositionQueryAsync(toTopUp)).Collateral);
        await Factory(4).DecreasePositionRequestAndWaitForReceiptAsync(toReduce, Wad(1), AnyPrice(false));
        Assert.Equal(Wad(3), (await Factory().PositionQueryAsync(toReduce)).Size);
        await Factory(5).CloseVaultRequestAndWaitForReceiptAsync(toClose, AnyPrice(true));
        Assert.Equal(2, (await Factory().PositionQueryAsync(toClose)).Status); // Closed

        await SetPriceAsync(1_790);
        var receipt = await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(risky);
        Assert.Single(receipt.DecodeAllEvents<VaultLiquidatedEventDTO>());
    }

    [Fact]
    public async Task An_unpause_even_repeated_never_suspends_liquidations()
    {
        // Issue 10.3: an unpause used to restart a liquidation grace, so a guardian repeating it held liquidations
        // off for as long as it liked. Neither a pause nor an unpause touches liquidations now.
        var risky = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await Config().SetGuardianRequestAndWaitForReceiptAsync(AccountAddress(Guardian));
        await Config(Guardian).PauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId);
        await SetPriceAsync(1_790);
        Assert.True((await Factory().PreviewLiquidationQueryAsync(risky)).Liquidatable); // paused: still liquidatable
        for (int i = 0; i < 3; i++)
        {
            var unpause = await Config(Guardian).UnpauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId);
            Assert.Single(unpause.DecodeAllEvents<Vaults.Contracts.MarketConfig.ContractDefinition.MarketUnpausedEventDTO>());
            Assert.True((await Factory().PreviewLiquidationQueryAsync(risky)).Liquidatable);
        }

        // Opening works again at once, and the vault is liquidated in the block after the last unpause.
        await OpenAsync(3, isLong: true, collateral: 1_000, size: 1);
        var liquidated = (await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(risky)).DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
        Assert.True(liquidated.ClosedSize > 0);
    }

    [Fact]
    public async Task Only_the_guardian_or_the_owner_pauses_and_unpauses_NotGuardian()
    {
        await Config().SetGuardianRequestAndWaitForReceiptAsync(AccountAddress(Guardian));
        var ex = await ExpectErrorAsync("NotGuardian", () => Config(3).PauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId));
        Assert.Equal(AccountAddress(3), Arg(ex, "caller"));
        await Config(Guardian).PauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId);
        await ExpectErrorAsync("NotGuardian", () => Config(3).UnpauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId));
        await Config().UnpauseMarketRequestAndWaitForReceiptAsync(Deployment.MarketId); // the owner may
        await ExpectErrorAsync("OwnableUnauthorizedAccount", () => Config(Guardian).SetGuardianRequestAndWaitForReceiptAsync(AccountAddress(Guardian)));
        var unknown = await ExpectErrorAsync("UnknownMarket", () => Config(Guardian).PauseMarketRequestAndWaitForReceiptAsync(9));
        Assert.Equal(9, Num(unknown, "marketId"));
    }
}
