using System.Numerics;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Vaults.Chain;
using Nethereum.Util;
using Vaults.Integration.Tests.Contracts.JitLiquidity;
using Vaults.Integration.Tests.Contracts.JitLiquidity.ContractDefinition;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Soundness;

/// <summary>
/// Issue 10.1 and 10.2, each attack replayed on the node with balances before and after: a near-zero-size vault can no
/// longer reserve the pool, and a just-in-time LP can neither take a realised loss in one transaction (the deposit
/// cooldown) nor across blocks (the pool marks open positions to market, so realising them moves nothing).
/// </summary>
public class PoolGamingTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private const int Lp = 1;
    private const int Attacker = 7;

    private async Task<BigInteger> LpValueAsync(int account)
    {
        var pool = Pool();
        return await pool.ConvertToAssetsQueryAsync(await pool.BalanceOfQueryAsync(AccountAddress(account)));
    }

    [Fact]
    public async Task A_tiny_vault_with_a_huge_collateral_reserves_only_what_it_can_win_and_the_pool_stays_open()
    {
        // The attack: 0.001 ETH ($2 of notional) with 200,000 collateral used to reserve 200,000 x 5 = 1,000,000.
        await Token(0).MintRequestAndWaitForReceiptAsync(AccountAddress(2), Usdc(200_000));
        var freeBefore = await Pool().FreeLiquidityQueryAsync();
        var longVault = await OpenAsync(2, isLong: true, collateral: 150_000, size: 0.002m);
        var shortVault = await OpenAsync(2, isLong: false, collateral: 50_000, size: 0.001m);

        // Each reserves its entry notional, 0.002 x 2,000 = 4 and 0.001 x 2,000 = 2 (a short can never win more than
        // size x entry), where 200,000 x 5 = 1,000,000 used to be reserved.
        Assert.Equal(Usdc(4), (await Factory().PositionQueryAsync(longVault)).Reserve);
        Assert.Equal(Usdc(2), (await Factory().PositionQueryAsync(shortVault)).Reserve);
        Assert.Equal(Usdc(6), await Factory().TotalReservedQueryAsync());
        // The pool's free liquidity fell by the two reserves and rose by the two open fees (0.1% of 4 and of 2).
        Assert.Equal(freeBefore - Usdc(6) + Usdc(0.004m) + Usdc(0.002m), await Pool().FreeLiquidityQueryAsync());

        // Nobody is locked out: the LP withdraws 900,000 and another trader opens 10 ETH at once.
        var lpBefore = await Token().BalanceOfQueryAsync(AccountAddress(Lp));
        await Pool(Lp).WithdrawRequestAndWaitForReceiptAsync(Usdc(900_000), AccountAddress(Lp), AccountAddress(Lp));
        Assert.Equal(lpBefore + Usdc(900_000), await Token().BalanceOfQueryAsync(AccountAddress(Lp)));
        var other = await OpenAsync(3, isLong: true, collateral: 5_000, size: 10);
        Assert.Equal(1, (await Factory().PositionQueryAsync(other)).Status);

        // Adding margin never raises a reserve; removing it and a partial close re-size it to what is left.
        await Factory(2).AddMarginRequestAndWaitForReceiptAsync(longVault, Usdc(1_000));
        Assert.Equal(Usdc(4), (await Factory().PositionQueryAsync(longVault)).Reserve);
        await Factory(2).DecreasePositionRequestAndWaitForReceiptAsync(longVault, Wad(0.001m), AnyPrice(false));
        Assert.Equal(Usdc(2), (await Factory().PositionQueryAsync(longVault)).Reserve);
    }

    [Fact]
    public async Task The_one_transaction_JIT_bundle_around_a_liquidation_reverts_whole_and_earns_nothing()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8); // liquidatable below about 1,806
        await SetPriceAsync(1_790);
        Assert.True((await Factory().PreviewLiquidationQueryAsync(vault)).Liquidatable);
        var deployed = await JitLiquidityService.DeployContractAndWaitForReceiptAsync(Web3(0), new JitLiquidityDeployment());
        var jit = new JitLiquidityService(Web3(Attacker), Address.Parse(deployed.ContractAddress!));
        await Token(0).MintRequestAndWaitForReceiptAsync(jit.ContractAddress, Usdc(10_000_000));
        var before = await CaptureAsync(vault);
        var lpBefore = await LpValueAsync(Lp);

        // Deposit 10,000,000, liquidate, redeem: the redeem meets the deposit's cooldown, and the bundle reverts.
        // (The revert comes through the bundle contract, whose ABI does not list the pool's errors: match the selector.)
        var ex = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() =>
            jit.DepositLiquidateRedeemRequestAndWaitForReceiptAsync(Deployment.LiquidityPool, Deployment.VaultFactory, vault, Usdc(10_000_000)));
        Assert.Equal("0x" + Sha3Keccack.Current.CalculateHash("ERC4626ExceededMaxRedeem(address,uint256,uint256)")[..8],
            CustomErrors.Selector(ex));

        Assert.Equal(Usdc(10_000_000), await Token().BalanceOfQueryAsync(jit.ContractAddress));
        Assert.Equal(before, await CaptureAsync(vault));
        Assert.Equal(lpBefore, await LpValueAsync(Lp));
    }

    [Fact]
    public async Task A_JIT_LP_across_blocks_around_a_liquidation_earns_nothing_and_the_LP_who_carried_the_risk_keeps_the_gain()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await SetPriceAsync(1_790);
        await AssertJitEarnsNothingAsync(() => Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault));
        Assert.True((await Factory().PositionQueryAsync(vault)).Size < Wad(8)); // liquidated (partly or fully)
    }

    [Fact]
    public async Task A_JIT_LP_across_blocks_around_a_losing_close_earns_nothing()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 5_000, size: 8);
        await SetPriceAsync(1_850); // the trader is 1,200 down
        await AssertJitEarnsNothingAsync(() => Factory(2).CloseVaultRequestAndWaitForReceiptAsync(vault, AnyPrice(false)));
        Assert.Equal(2, (await Factory().PositionQueryAsync(vault)).Status);
    }

    [Fact]
    public async Task LPs_cannot_dodge_a_large_profitable_close_by_withdrawing_first()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 10_000, size: 20);
        await SetPriceAsync(2_300); // the trader is 6,000 up: already the pool's liability
        var lpShares = await Pool().BalanceOfQueryAsync(AccountAddress(Lp));
        var valueBefore = await Pool().ConvertToAssetsQueryAsync(lpShares);
        await Factory(2).CloseVaultRequestAndWaitForReceiptAsync(vault, AnyPrice(false));
        var valueAfter = await Pool().ConvertToAssetsQueryAsync(lpShares);
        // Withdrawing before the close would have gained nothing: the profit was in the share price already (rounding aside).
        Assert.InRange(valueAfter, valueBefore - Usdc(0.01m), valueBefore + Usdc(0.01m));
    }

    [Fact]
    public async Task A_JIT_LP_around_a_close_past_its_own_profit_cap_earns_nothing_and_the_capped_away_part_goes_to_the_fund()
    {
        // Two longs opened at 1,600: A (5 ETH on 1,000, its reserve 1,000 x 500% = 5,000) and B (2 ETH on 20,000, its
        // reserve its entry notional, 3,200).
        await SettlePriceAsync(1_800);
        await SettlePriceAsync(1_600);
        var a = await OpenAsync(2, isLong: true, collateral: 1_000, size: 5);
        await OpenAsync(3, isLong: true, collateral: 20_000, size: 2);
        Assert.Equal(Usdc(5_000), (await Factory().PositionQueryAsync(a)).Reserve);
        // At 2,650 A is 5,250 up and is paid its cap, 5,000; the long side as a whole (7,350 up against 8,200 of
        // reserves) is not capped, so the pool's mark counted A's whole 5,250. Realising A used to raise the LPs' value
        // by the 250 capped away (most of it to a JIT LP's 10,000,000); now the settlement credits it to the fund.
        foreach (var step in new[] { 1_900m, 2_250m, 2_650m }) await SetPriceAsync(step);
        var claimBefore = await Factory().InsuranceClaimQueryAsync();
        await AssertJitEarnsNothingAsync(() => Factory(2).CloseVaultRequestAndWaitForReceiptAsync(a, AnyPrice(false)));
        Assert.Equal(2, (await Factory().PositionQueryAsync(a)).Status);
        Assert.InRange(await Factory().InsuranceClaimQueryAsync() - claimBefore, Usdc(250) - Usdc(0.002m), Usdc(250) + Usdc(0.002m));
    }

    /// <summary>Posts <paramref name="price"/>, waits out the circuit breaker's window and posts it again, so opening sees no move.</summary>
    private async Task SettlePriceAsync(decimal price)
    {
        await AdvanceAsync(61);
        await SetPriceAsync(price);
        await AdvanceAsync(61);
        await SetPriceAsync(price);
    }

    /// <summary>
    /// An attacker deposits 10,000,000 just before <paramref name="realise"/> and redeems everything once the cooldown
    /// is over: with the pool marked to market, its gain is rounding (a cent at most), where it used to be 90,477.
    /// </summary>
    private async Task AssertJitEarnsNothingAsync(Func<Task> realise)
    {
        await Token(0).MintRequestAndWaitForReceiptAsync(AccountAddress(Attacker), Usdc(10_000_000));
        await Token(Attacker).ApproveRequestAndWaitForReceiptAsync(Deployment.LiquidityPool, Usdc(10_000_000));
        var lpBefore = await LpValueAsync(Lp);
        var attackerBefore = await Token().BalanceOfQueryAsync(AccountAddress(Attacker));
        await Pool(Attacker).DepositRequestAndWaitForReceiptAsync(Usdc(10_000_000), AccountAddress(Attacker));
        var shares = await Pool().BalanceOfQueryAsync(AccountAddress(Attacker));
        // Entering gives no value: the new shares are worth the deposit, rounded down.
        Assert.InRange(await Pool().ConvertToAssetsQueryAsync(shares), Usdc(10_000_000) - 1, Usdc(10_000_000));
        await ExpectErrorAsync("ERC4626ExceededMaxRedeem", () => Pool(Attacker).RedeemRequestAndWaitForReceiptAsync(shares, AccountAddress(Attacker), AccountAddress(Attacker)));
        await ExpectErrorAsync("SharesInCooldown", () => Pool(Attacker).TransferRequestAndWaitForReceiptAsync(AccountAddress(6), shares));

        await realise();
        await AdvanceAsync(61);
        await SetPriceAsync(decimal.Parse(global::Vaults.Contracts.Deployment.Units.Format(await Factory().CheckedPriceQueryAsync(Deployment.MarketId), 18), System.Globalization.CultureInfo.InvariantCulture));
        await Pool(Attacker).RedeemRequestAndWaitForReceiptAsync(shares, AccountAddress(Attacker), AccountAddress(Attacker));

        var gain = await Token().BalanceOfQueryAsync(AccountAddress(Attacker)) - attackerBefore;
        Assert.InRange(gain, -Usdc(0.01m), Usdc(0.01m));
        // The LP who carried the risk is not diluted: its value moves by its own share of the realisation's rounding.
        Assert.InRange(await LpValueAsync(Lp), lpBefore - Usdc(0.01m), lpBefore + Usdc(0.01m));
    }

    [Fact]
    public async Task A_deposit_for_an_existing_holder_is_refused_so_nobody_can_extend_another_LPs_cooldown()
    {
        await Token(Attacker).ApproveRequestAndWaitForReceiptAsync(Deployment.LiquidityPool, Usdc(1));
        var ex = await AssertRejectedAsync("DepositForHolder", () => Pool(Attacker).DepositRequestAndWaitForReceiptAsync(Usdc(1), AccountAddress(Lp)));
        Assert.Equal(AccountAddress(Lp), Arg(ex, "receiver"));
        // A fresh receiver is fine, and its shares are locked for the cooldown like anyone's.
        await Pool(Attacker).DepositRequestAndWaitForReceiptAsync(Usdc(1), AccountAddress(6));
        Assert.Equal(BigInteger.Zero, await Pool().MaxRedeemQueryAsync(AccountAddress(6)));
        var until = await Pool().CooldownEndsQueryAsync(AccountAddress(6));
        Assert.Equal(await NowAsync() + 60, (long)until);
    }

    [Fact]
    public async Task Renouncing_ownership_is_disabled_where_it_would_brick_the_system()
    {
        await ExpectErrorAsync("RenounceDisabled", () => Config().RenounceOwnershipQueryAsync());
        await ExpectErrorAsync("RenounceDisabled", () => Pool().RenounceOwnershipQueryAsync());
        await ExpectErrorAsync("RenounceDisabled", () => Fund().RenounceOwnershipQueryAsync());
        await ExpectErrorAsync("OwnableUnauthorizedAccount", () => Pool(3).SetCooldownRequestAndWaitForReceiptAsync(1));
        await ExpectErrorAsync("InvalidCooldown", () => Pool().SetCooldownRequestAndWaitForReceiptAsync(0));
    }
}
