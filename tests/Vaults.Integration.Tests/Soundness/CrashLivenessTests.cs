using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Vaults.Chain;
using Nethereum.Util;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Soundness;

/// <summary>
/// Issue 10.3, 10.4, 10.7, 10.8 and 10.11 on the node: a genuine big move is a price, so liquidations, closes and
/// decreases settle at it while only opening and removing margin wait; a heartbeat round a second late suspends
/// nothing; a code-less sequencer feed is refused; a stale market does not stop another's liquidations; a partial
/// liquidation reaches its target when the profit cap binds.
/// </summary>
public class CrashLivenessTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    [Theory]
    [InlineData(-30)]
    [InlineData(-29.8)]
    public async Task A_minus_30_percent_round_liquidates_closes_and_decreases_at_the_new_price_while_opens_wait(double movePercent)
    {
        var risky = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);   // liquidation price about 1,806
        var toClose = await OpenAsync(3, isLong: true, collateral: 10_000, size: 4);
        var toReduce = await OpenAsync(4, isLong: true, collateral: 10_000, size: 4);
        var price = Math.Round(2_000m * (1 + (decimal)movePercent / 100), 2);
        await SetPriceAsync(price); // beyond the 20% bound

        var liquidated = (await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(risky)).DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
        Assert.Equal(Wad(price), liquidated.Price);
        var closed = (await Factory(3).CloseVaultRequestAndWaitForReceiptAsync(toClose, AnyPrice(false))).DecodeAllEvents<VaultClosedEventDTO>().Single().Event;
        Assert.Equal(Wad(price), closed.Price);
        Assert.Equal(-(BigInteger)Usdc(4 * (2_000 - price)), closed.RealizedPnl);
        var reduced = (await Factory(4).DecreasePositionRequestAndWaitForReceiptAsync(toReduce, Wad(1), AnyPrice(false))).DecodeAllEvents<PositionChangedEventDTO>().Single().Event;
        Assert.Equal(Wad(price), reduced.Price);
        await Factory(4).AddMarginRequestAndWaitForReceiptAsync(toReduce, Usdc(100));

        // What adds risk waits for the circuit breaker: the move against the round a minute before is too large.
        var ex = await AssertRejectedAsync("PriceDeviationTooLarge", () =>
            Factory(5).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), 1), toReduce);
        Assert.Equal(Wad(2_000), Num(ex, "previousPrice"));
        Assert.Equal(Wad(price), Num(ex, "price"));
        await AssertRejectedAsync("PriceDeviationTooLarge", () =>
            Factory(4).RemoveMarginRequestAndWaitForReceiptAsync(toReduce, Usdc(10), AccountAddress(4)), toReduce);
        await AssertRejectedAsync("PriceDeviationTooLarge", () =>
            Factory(4).IncreasePositionRequestAndWaitForReceiptAsync(toReduce, Wad(0.1m), 0, AnyPrice(true)), toReduce);

        // The next round a minute later confirms the level: opening resumes.
        await AdvanceAsync(60);
        await SetPriceAsync(price);
        await OpenAsync(5, isLong: true, collateral: 1_000, size: 1);
    }

    [Fact]
    public async Task A_plus_28_percent_round_liquidates_shorts_at_the_new_price_and_four_rounds_in_one_block_count_as_one_move()
    {
        var shortVault = await OpenAsync(2, isLong: false, collateral: 2_000, size: 8); // liquidatable above about 2,193
        await SetPriceAsync(2_560);
        var liquidated = (await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([shortVault])).DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
        Assert.Equal(Wad(2_560), liquidated.Price);

        // Four -15% rounds in one block (each within the 20% bound of the one before): a -48% move for the breaker.
        await AdvanceAsync(60);
        await SetPriceAsync(2_000);
        await AdvanceAsync(60);
        var oracle = new PriceOracleService(Web3(0), Deployment.PriceOracle);
        await Devnet.DevTools.SetAutomineAsync(false);
        try
        {
            decimal p = 2_000;
            for (int i = 0; i < 4; i++)
            {
                p = Math.Round(p * 0.85m, 2);
                await oracle.SubmitRequestAsync(Units.ToBaseUnits(p, 8));
            }
            await Devnet.DevTools.MineAsync();
        }
        finally
        {
            await Devnet.DevTools.SetAutomineAsync(true);
        }
        var ex = await ExpectErrorAsync("PriceDeviationTooLarge", () =>
            Factory(5).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), 1));
        Assert.Equal(Wad(2_000), Num(ex, "previousPrice"));
        Assert.Equal(Wad(1_044.01m), Num(ex, "price"));
    }

    [Fact]
    public async Task A_heartbeat_round_one_second_late_suspends_no_liquidation()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await SetPriceAsync(2_000);
        var lastRound = await NowAsync();
        // The next round lands 3,601 s later with no block in between: the price was never stale in any block.
        await Devnet.DevTools.SetNextBlockTimestampAsync(lastRound + 3_601);
        await SetPriceAsync(1_790);
        Assert.True((await Factory().PreviewLiquidationQueryAsync(vault)).Liquidatable);
        var receipt = await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault);
        Assert.Single(receipt.DecodeAllEvents<VaultLiquidatedEventDTO>());
    }

    [Fact]
    public async Task A_sequencer_feed_without_code_or_that_does_not_answer_is_refused_NotAFeed()
    {
        var ex = await ExpectErrorAsync("NotAFeed", () => Config().SetSequencerFeedRequestAndWaitForReceiptAsync(AccountAddress(5), 600));
        Assert.Equal(AccountAddress(5), Arg(ex, "feed"));
        await ExpectErrorAsync("NotAFeed", () => Config().SetSequencerFeedRequestAndWaitForReceiptAsync(Deployment.SettlementToken, 600));
        // Prices are still read on every market.
        await OpenAsync(2, isLong: true, collateral: 1_000, size: 1);
    }

    [Fact]
    public async Task A_batch_across_a_stale_and_a_fresh_market_liquidates_the_fresh_one_and_skips_the_other_with_its_reason()
    {
        // Market 1: BTC at 60,000 with a one-minute heartbeat, on a feed of its own.
        var deployed = await PriceOracleService.DeployContractAndWaitForReceiptAsync(Web3(0),
            new PriceOracleDeployment { Decimals = 8, Description = "BTC / USD", Owner = AccountAddress(0) });
        var btc = new PriceOracleService(Web3(0), Address.Parse(deployed.ContractAddress!));
        await btc.SetReporterRequestAndWaitForReceiptAsync(AccountAddress(0), true);
        await btc.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(60_000m, 8));
        var created = await Config().CreateMarketRequestAndWaitForReceiptAsync(new MarketSettings { HeartbeatSeconds = 60 }.ToMarketParams(btc.ContractAddress, 6));
        var btcMarket = created.DecodeAllEvents<MarketParamsSetEventDTO>().Single().Event.MarketId;
        var btcVault = (await Factory(3).OpenVaultRequestAndWaitForReceiptAsync(btcMarket, true, Usdc(2_000), Wad(0.25m), AnyPrice(true), 9))
            .DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;
        await btc.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(53_000m, 8)); // the BTC long is liquidatable

        var ethVault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await AdvanceAsync(61); // BTC's feed is now stale; ETH's (one-hour heartbeat) is not
        await SetPriceAsync(1_790);

        var receipt = await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([btcVault, ethVault]);
        Assert.Equal(ethVault, receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event.Vault);
        var skipped = receipt.DecodeAllEvents<LiquidationSkippedEventDTO>().Single().Event;
        Assert.Equal(btcVault, skipped.Vault);
        Assert.Equal(Selector("StalePrice(uint256,uint256,uint256)"), Convert.ToHexString(skipped.Reason).ToLowerInvariant());
        Assert.Equal(1, (await Factory().PositionQueryAsync(btcVault)).Status);

        // When the BTC feed posts again, its vault goes through in the next block.
        await btc.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(53_000m, 8));
        await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([btcVault, ethVault]);
        Assert.NotEqual(1, (await Factory().PositionQueryAsync(btcVault)).Size == Wad(0.25m) ? 1 : 0);
    }

    [Fact]
    public async Task A_partial_liquidation_reaches_the_target_ratio_when_the_profit_cap_binds()
    {
        // Profit capped at 1x collateral; a 9.76x long whose profit passes its reserve; then governance raises the
        // maintenance margin to 25% (target 40%), which makes the capped-profit vault liquidatable.
        var settings = new MarketSettings { ProfitCapBps = 10_000 };
        await Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, settings.ToMarketParams(Deployment.PriceOracle, 6));
        var vault = await OpenAsync(2, isLong: true, collateral: 205, size: 1);
        Assert.Equal(Usdc(205), (await Factory().PositionQueryAsync(vault)).Reserve);
        await SetPriceAsync(2_300); // +300 of profit, 205 of it payable
        var strict = settings with { MaintenanceMarginBps = [2_500, 2_500, 2_500, 2_500], InitialMarginBps = 3_000, TargetMarginBps = 4_000 };
        await Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, strict.ToMarketParams(Deployment.PriceOracle, 6));

        var model = new MarginModel((await Config().MarketQueryAsync(Deployment.MarketId)).P, BigInteger.Pow(10, 12));
        var pos = await Factory().PositionQueryAsync(vault);
        var modelPos = new ModelPosition(pos.IsLong, pos.Size, pos.EntryPrice, pos.Collateral, pos.Reserve, pos.Seq);
        var expected = model.Preview(modelPos, Wad(2_300));
        var preview = await Factory().PreviewLiquidationQueryAsync(vault);
        Assert.True(preview.Liquidatable && !preview.Full);
        Assert.Equal((expected.ClosedSize, expected.RemainingCollateral, expected.KeeperFee), (preview.ClosedSize, preview.RemainingCollateral, preview.KeeperFee));

        await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault);
        // The remainder's margin ratio (uncapped equity over notional, as the predicate counts it) is at the 40% target
        // to the rounding of its fees (1e-10 here), where computing the closed part from the uncapped profit used to
        // leave it at about 37%.
        var ratio = (await Lens.HealthQueryAsync(vault)).MarginRatio;
        Assert.InRange(ratio, Wad(0.3999m), Wad(0.4005m));
        Assert.Equal(model.ReserveAfterPartial(modelPos, expected), (await Factory().PositionQueryAsync(vault)).Reserve);
    }

    /// <summary>The first four bytes of keccak256 of an error signature, hex.</summary>
    private static string Selector(string signature) =>
        Sha3Keccack.Current.CalculateHash(signature)[..8];
}
