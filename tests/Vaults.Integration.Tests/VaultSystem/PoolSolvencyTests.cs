using Vaults.Contracts.Deployment;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>Open interest cap, pool reserves: new size the pool cannot cover is refused, reserved assets cannot leave.</summary>
public class PoolSolvencyTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private const int Lp = 1;

    [Fact]
    public async Task Opening_or_increasing_above_the_open_interest_cap_reverts_OpenInterestCapExceeded()
    {
        await Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId,
            new MarketSettings { MaxOpenInterest = 10 }.ToMarketParams(Deployment.PriceOracle, 6));
        var vault = await OpenAsync(2, isLong: true, collateral: 5_000, size: 6);

        var ex = await AssertRejectedAsync("OpenInterestCapExceeded", () =>
            Factory(3).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(5_000), Wad(5), AnyPrice(true), 1), vault);
        Assert.Equal(Wad(11), Num(ex, "openInterest"));
        Assert.Equal(Wad(10), Num(ex, "cap"));
        ex = await AssertRejectedAsync("OpenInterestCapExceeded", () =>
            Factory(2).IncreasePositionRequestAndWaitForReceiptAsync(vault, Wad(4.5m), 0, AnyPrice(true)), vault);
        Assert.Equal(Wad(10.5m), Num(ex, "openInterest"));

        // The cap is per side: shorts still open, and the exact cap is accepted.
        await OpenAsync(3, isLong: false, collateral: 5_000, size: 10);
        await Factory(2).IncreasePositionRequestAndWaitForReceiptAsync(vault, Wad(4), 0, AnyPrice(true));
    }

    [Fact]
    public async Task Opening_when_the_pool_cannot_cover_the_reserve_reverts_InsufficientPoolLiquidity()
    {
        // The LP takes out all but 5,000: a 2,000 collateral vault of 9 ETH (18,000 notional) needs a 10,000 reserve
        // (profit cap 5x, below the notional).
        await Pool(Lp).WithdrawRequestAndWaitForReceiptAsync(Usdc(995_000), AccountAddress(Lp), AccountAddress(Lp));
        var poolBalance = await Token().BalanceOfQueryAsync(Deployment.LiquidityPool);

        var ex = await AssertRejectedAsync("InsufficientPoolLiquidity", () =>
            Factory(2).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(2_000), Wad(9), AnyPrice(true), 1));
        Assert.Equal(Usdc(10_000), Num(ex, "needed"));
        Assert.Equal(poolBalance, Num(ex, "free"));

        // Increasing margin with size raises the reserve too.
        var small = await OpenAsync(2, isLong: true, collateral: 500, size: 2); // reserve 2,500 (notional 4,000)
        ex = await AssertRejectedAsync("InsufficientPoolLiquidity", () =>
            Factory(2).IncreasePositionRequestAndWaitForReceiptAsync(small, Wad(2), Usdc(1_000), AnyPrice(true)), small);
        Assert.Equal(Usdc(5_000), Num(ex, "needed")); // 7,500 (1,500 x 5, below the 8,000 notional) - 2,500
    }

    [Fact]
    public async Task An_LP_cannot_withdraw_or_redeem_the_assets_reserved_for_open_positions()
    {
        await OpenAsync(2, isLong: true, collateral: 50_000, size: 100); // reserve 200,000: the entry notional, below 5 x 50,000
        await OpenAsync(3, isLong: false, collateral: 50_000, size: 100); // reserve 200,000
        var reserved = await Factory().TotalReservedQueryAsync();
        Assert.Equal(Usdc(400_000), reserved);
        var poolBalance = await Token().BalanceOfQueryAsync(Deployment.LiquidityPool);
        var max = await Pool().MaxWithdrawQueryAsync(AccountAddress(Lp));
        Assert.InRange(max, poolBalance - reserved - 1, poolBalance - reserved); // free liquidity, ERC4626 rounds down

        var ex = await AssertRejectedAsync("ERC4626ExceededMaxWithdraw", () =>
            Pool(Lp).WithdrawRequestAndWaitForReceiptAsync(max + 1, AccountAddress(Lp), AccountAddress(Lp)));
        Assert.Equal(max + 1, Num(ex, "assets"));
        Assert.Equal(max, Num(ex, "max"));
        var shares = await Pool().BalanceOfQueryAsync(AccountAddress(Lp));
        await AssertRejectedAsync("ERC4626ExceededMaxRedeem", () =>
            Pool(Lp).RedeemRequestAndWaitForReceiptAsync(shares, AccountAddress(Lp), AccountAddress(Lp)));

        await Pool(Lp).WithdrawRequestAndWaitForReceiptAsync(max, AccountAddress(Lp), AccountAddress(Lp));
        Assert.True(await Token().BalanceOfQueryAsync(Deployment.LiquidityPool) >= reserved);
        Assert.Equal(0, await Pool().MaxWithdrawQueryAsync(AccountAddress(Lp)));
    }
}
