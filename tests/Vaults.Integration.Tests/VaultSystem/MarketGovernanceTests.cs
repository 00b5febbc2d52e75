using Vaults.Contracts.Deployment;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>Market parameters stay inside hard bounds (InvalidMarketParams names the field); only the owner governs.</summary>
public class MarketGovernanceTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    public static TheoryData<string, string> OutOfBounds => new()
    {
        { "feed", "feed" },
        { "heartbeat", "heartbeat below a minute" },
        { "heartbeat", "heartbeat above a week" },
        { "maxDeviationBps", "deviation above 50%" },
        { "maintenanceMarginBps", "maintenance below 0.1%" },
        { "maintenanceMarginBps", "maintenance tiers decreasing" },
        { "tierThresholds", "thresholds decreasing" },
        { "tierThresholds", "top threshold above 32 bits" },
        { "targetMarginBps", "target not above the top maintenance tier" },
        { "targetMarginBps", "keeper fee plus penalty not below target" },
        { "initialMarginBps", "initial not above the top maintenance tier" },
        { "initialMarginBps", "initial above 50%" },
        { "liquidationFeeBps", "keeper fee above 10%" },
        { "liquidationPenaltyBps", "penalty above 10%" },
        { "tradeFeeBps", "open fee above 1%" },
        { "tradeFeeBps", "close fee above 1%" },
        { "profitCapBps", "profit cap below 1x" },
        { "profitCapBps", "profit cap above 100x" },
        { "profitCapBps", "profit cap not a whole percent" },
        { "keeperFee", "keeper fee floor above 64 bits" },
        { "maxOpenInterest", "open interest cap at the 96-bit sentinel" },
        { "keeperFee", "keeper fee floor above cap" },
        { "keeperFee", "keeper fee cap above 72 bits" },
        { "maxOpenInterest", "zero open interest cap" },
        { "maxOpenInterest", "open interest cap above 96 bits" },
        { "minCollateral", "minimum collateral above 72 bits" },
    };

    private MarketParams Params(string mutation)
    {
        var s = new MarketSettings();
        s = mutation switch
        {
            "feed" => s,
            "heartbeat below a minute" => s with { HeartbeatSeconds = 59 },
            "heartbeat above a week" => s with { HeartbeatSeconds = 7 * 86_400 + 1 },
            "deviation above 50%" => s with { MaxDeviationBps = 5_001 },
            "maintenance below 0.1%" => s with { MaintenanceMarginBps = [9, 400, 500, 600] },
            "maintenance tiers decreasing" => s with { MaintenanceMarginBps = [300, 200, 500, 600] },
            "thresholds decreasing" => s with { TierThresholds = [100_000, 50_000, 10_000_000] },
            // The factory packs the tiers in 32 bits, the keeper fee bounds and minimum collateral in 72, open interest in 96.
            "top threshold above 32 bits" => s with { TierThresholds = [100_000, 1_000_000, (ulong)uint.MaxValue + 1] },
            "target not above the top maintenance tier" => s with { TargetMarginBps = 600 },
            "keeper fee plus penalty not below target" => s with { LiquidationFeeBps = 400, LiquidationPenaltyBps = 300 },
            "initial not above the top maintenance tier" => s with { InitialMarginBps = 600 },
            "initial above 50%" => s with { InitialMarginBps = 5_001 },
            "keeper fee above 10%" => s with { LiquidationFeeBps = 1_001 },
            "penalty above 10%" => s with { LiquidationPenaltyBps = 1_001 },
            "open fee above 1%" => s with { OpenFeeBps = 101 },
            "close fee above 1%" => s with { CloseFeeBps = 101 },
            "profit cap below 1x" => s with { ProfitCapBps = 9_999 },
            "profit cap above 100x" => s with { ProfitCapBps = 1_000_001 },
            "profit cap not a whole percent" => s with { ProfitCapBps = 50_050 },
            "keeper fee floor above 64 bits" => s with { KeeperFeeFloor = 18_446_744_073_709.551616m, KeeperFeeCap = 18_446_744_073_709.551616m }, // 2^64 token units
            // type(uint96).max itself: stored plus one, it would wrap the open interest to zero on the first open.
            "open interest cap at the 96-bit sentinel" => s with { MaxOpenInterest = 79_228_162_514.264337593543950335m },
            "keeper fee floor above cap" => s with { KeeperFeeFloor = 1_001 },
            "keeper fee cap above 72 bits" => s with { KeeperFeeCap = 4_722_366_482_869_645.213696m }, // 2^72 token units (6 decimals)
            "zero open interest cap" => s with { MaxOpenInterest = 0 },
            "open interest cap above 96 bits" => s with { MaxOpenInterest = 79_228_162_514.264337593543950336m }, // 2^96 wad
            "minimum collateral above 72 bits" => s with { MinCollateral = 4_722_366_482_869_645.213696m }, // 2^72 token units
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };
        return s.ToMarketParams(mutation == "feed" ? Address.Zero : Deployment.PriceOracle, 6);
    }

    private async Task<string> DescribeMarketAsync()
    {
        var p = (await Config().MarketQueryAsync(Deployment.MarketId)).P;
        return Newtonsoft.Json.JsonConvert.SerializeObject(p)
            + $" markets={await Config().MarketCountQueryAsync()}";
    }

    [Theory]
    [MemberData(nameof(OutOfBounds))]
    public async Task Setting_a_parameter_out_of_bounds_reverts_InvalidMarketParams_naming_the_field(string field, string mutation)
    {
        var before = await DescribeMarketAsync();
        var ex = await ExpectErrorAsync("InvalidMarketParams", () => Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, Params(mutation)));
        Assert.Equal(field, Arg(ex, "field"));
        ex = await ExpectErrorAsync("InvalidMarketParams", () => Config().CreateMarketRequestAndWaitForReceiptAsync(Params(mutation)));
        Assert.Equal(field, Arg(ex, "field"));
        Assert.Equal(before, await DescribeMarketAsync());
    }

    [Fact]
    public async Task The_sequencer_grace_period_is_bounded_too()
    {
        var ex = await ExpectErrorAsync("InvalidMarketParams", () => Config().SetSequencerFeedRequestAndWaitForReceiptAsync(AccountAddress(5), 86_401));
        Assert.Equal("sequencerGracePeriod", Arg(ex, "field"));
    }

    [Fact]
    public async Task Only_the_owner_governs_markets_OwnableUnauthorizedAccount()
    {
        var before = await DescribeMarketAsync();
        var valid = new MarketSettings { MaxOpenInterest = 1 }.ToMarketParams(Deployment.PriceOracle, 6);
        foreach (var call in new Func<Task>[]
        {
            () => Config(3).SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, valid),
            () => Config(3).CreateMarketRequestAndWaitForReceiptAsync(valid),
            () => Config(3).SetGuardianRequestAndWaitForReceiptAsync(AccountAddress(3)),
            () => Config(3).SetSequencerFeedRequestAndWaitForReceiptAsync(AccountAddress(3), 0),
        })
        {
            var ex = await ExpectErrorAsync("OwnableUnauthorizedAccount", call);
            Assert.Equal(AccountAddress(3), Arg(ex, "account"));
        }
        Assert.Equal(before, await DescribeMarketAsync());
        Assert.Equal(Address.Zero, await Config().GuardianQueryAsync());
    }
}
