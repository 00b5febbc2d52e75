namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>Removing margin: never below initial margin, and unrealised profit never backs a withdrawal.</summary>
public class MarginRemovalTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    [Fact]
    public async Task Removing_margin_below_initial_margin_reverts_InsufficientInitialMargin_and_changes_nothing()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 5); // 10,000 notional, needs 1,010
        var ex = await AssertRejectedAsync("InsufficientInitialMargin", () =>
            Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(991), AccountAddress(2)), vault);
        Assert.Equal(Wad(1_009), Num(ex, "equityWad"));
        Assert.Equal(Wad(1_010), Num(ex, "requiredWad"));

        // The exact bound is allowed.
        await Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(990), AccountAddress(2));
        Assert.Equal(Usdc(1_010), (await Factory().PositionQueryAsync(vault)).Collateral);
    }

    [Fact]
    public async Task Unrealised_profit_never_backs_a_withdrawal()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 1_010, size: 5); // exactly at initial margin
        await SetPriceAsync(2_200); // +1,000 unrealised: equity 2,010 against 1,111 required at 11,000 notional

        var ex = await AssertRejectedAsync("InsufficientInitialMargin", () =>
            Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(1), AccountAddress(2)), vault);
        Assert.Equal(Wad(1_009), Num(ex, "equityWad")); // C' alone: the profit is not counted
        Assert.Equal(Wad(1_111), Num(ex, "requiredWad"));
    }

    [Fact]
    public async Task Unrealised_profit_of_a_short_never_backs_a_withdrawal()
    {
        var vault = await OpenAsync(3, isLong: false, collateral: 1_010, size: 5);
        await SetPriceAsync(1_800); // +1,000 for the short; required 909 at 9,000 notional: 101 may go, not more
        await AssertRejectedAsync("InsufficientInitialMargin", () =>
            Factory(3).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(102), AccountAddress(3)), vault);
        await Factory(3).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(101), AccountAddress(3));
    }

    [Fact]
    public async Task Removing_more_than_the_collateral_reverts_InsufficientCollateral()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 1_000, size: 1);
        var ex = await AssertRejectedAsync("InsufficientCollateral", () =>
            Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(1_001), AccountAddress(2)), vault);
        Assert.Equal(Usdc(1_001), Num(ex, "requested"));
        Assert.Equal(Usdc(1_000), Num(ex, "available"));
    }

    [Fact]
    public async Task Removing_zero_reverts_ZeroAmount()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 1_000, size: 1);
        await AssertRejectedAsync("ZeroAmount", () =>
            Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, 0, AccountAddress(2)), vault);
    }
}
