using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Chain;
using Vaults.Integration.Tests.Contracts.MockAggregator;
using Vaults.Integration.Tests.Contracts.MockAggregator.ContractDefinition;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// The devnet's Chainlink-compatible feed keeps its two latest rounds in one slot and every round in history: each
/// round reads back exactly as submitted, whichever of the three places it comes from; answers outside 80 bits are
/// refused; and a market cannot be pointed at an address that is not a feed, or at a feed with more than 18 decimals.
/// </summary>
public class PriceOracleTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    [Fact]
    public async Task Every_round_reads_back_as_submitted_from_the_head_the_previous_slot_and_the_history()
    {
        var first = (ulong)await Oracle.LatestRoundQueryAsync();
        BigInteger[] answers = [Units.ToBaseUnits(2_001.5m, 8), Units.ToBaseUnits(2_003m, 8), Units.ToBaseUnits(1_999.25m, 8)];
        var times = new List<long>();
        foreach (var a in answers)
        {
            await AdvanceAsync(7);
            await SubmitRawAsync(a);
            times.Add(await NowAsync());
        }

        var latest = await Oracle.LatestRoundDataQueryAsync();
        Assert.Equal(first + 3, (ulong)latest.RoundId);
        Assert.Equal(answers[2], latest.Answer);
        Assert.Equal(times[2], (long)latest.UpdatedAt);
        Assert.Equal(latest.RoundId, latest.AnsweredInRound);
        for (var k = 0; k < 3; k++)
        {
            var round = await Oracle.GetRoundDataQueryAsync(first + 1 + (ulong)k);
            Assert.Equal(first + 1 + (ulong)k, (ulong)round.ReturnValue1);
            Assert.Equal(answers[k], round.Answer);
            Assert.Equal(times[k], (long)round.StartedAt);
            Assert.Equal(times[k], (long)round.UpdatedAt);
            Assert.Equal(round.ReturnValue1, round.AnsweredInRound);
        }

        var ex = await ExpectErrorAsync("NoDataPresent", () => Oracle.GetRoundDataQueryAsync(first + 4));
        Assert.Equal(first + 4, (ulong)Num(ex, "roundId"));
        await ExpectErrorAsync("NoDataPresent", () => Oracle.GetRoundDataQueryAsync(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public async Task An_answer_beyond_80_bits_is_refused_and_the_largest_one_is_kept(int sign)
    {
        var largest = sign > 0 ? BigInteger.Pow(2, 79) - 1 : -BigInteger.Pow(2, 79);
        var round = await Oracle.LatestRoundQueryAsync();
        var ex = await ExpectErrorAsync("AnswerOutOfRange", () => SubmitRawAsync(largest + sign));
        Assert.Equal(largest + sign, Num(ex, "answer"));
        Assert.Equal(round, await Oracle.LatestRoundQueryAsync());

        await SubmitRawAsync(largest);
        Assert.Equal(largest, (await Oracle.LatestRoundDataQueryAsync()).Answer);
    }

    [Fact]
    public async Task A_market_cannot_point_at_an_address_without_code()
    {
        var before = await Config().MarketQueryAsync(Deployment.MarketId);
        var eoa = AccountAddress(5);
        var ex = await ExpectErrorAsync("NotAFeed", () =>
            Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, new MarketSettings().ToMarketParams(eoa, 6)));
        Assert.Equal(eoa, Arg(ex, "feed"));
        Assert.Equal(before.P.Feed, (await Config().MarketQueryAsync(Deployment.MarketId)).P.Feed);
    }

    [Fact]
    public async Task A_market_cannot_use_a_feed_with_more_than_18_decimals()
    {
        var receipt = await MockAggregatorService.DeployContractAndWaitForReceiptAsync(Web3(0), new MockAggregatorDeployment { Decimals = 19 });
        var feed = Address.Parse(receipt.ContractAddress!);
        var ex = await ExpectErrorAsync("UnsupportedFeedDecimals", () =>
            Config().CreateMarketRequestAndWaitForReceiptAsync(new MarketSettings().ToMarketParams(feed, 6)));
        Assert.Equal(19, Num(ex, "decimals"));
    }
}
