using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.Util;
using Vaults.Integration.Tests.Contracts.MockAggregator;
using Vaults.Integration.Tests.Contracts.MockAggregator.ContractDefinition;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// No trade, no margin removal and no liquidation on a broken price: stale, zero, negative, above the range the margin
/// math handles, incomplete round and missing timestamp each revert with their own error and change nothing (a batch
/// skips the vault and, having liquidated nothing, reverts with NothingLiquidated). A jump above the maximum deviation
/// is a real price: it trips the circuit breaker for opening and removing margin, and liquidations settle at it.
/// </summary>
public class OracleFaultTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    public enum Fault { Stale, Zero, Negative, Jump, IncompleteRound, NoTimestamp, AboveRange }

    /// <summary>An 8-decimal answer just above OracleLib.MAX_PRICE (2^128 - 1) once scaled to 18 decimals.</summary>
    private static readonly BigInteger AboveRangeAnswer = (BigInteger.Pow(2, 128) - 1) / BigInteger.Pow(10, 10) + 1;
    public enum Operation { Open, RemoveMargin, Liquidate, LiquidateBatch }

    public static TheoryData<Fault, Operation> Cases()
    {
        var data = new TheoryData<Fault, Operation>();
        foreach (var f in Enum.GetValues<Fault>())
            foreach (var o in Enum.GetValues<Operation>())
                data.Add(f, o);
        return data;
    }

    private MockAggregatorService? _mock;
    private uint _round;

    private async Task PostAsync(decimal price)
    {
        if (_mock is null) await SetPriceAsync(price);
        else await _mock.SetRoundNowRequestAndWaitForReceiptAsync(++_round, Units.ToBaseUnits(price, 8));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_price_reverts_with_its_named_error_and_changes_nothing(Fault fault, Operation op)
    {
        if (fault is Fault.IncompleteRound or Fault.NoTimestamp or Fault.AboveRange)
        {
            // PriceOracle always completes its rounds and keeps answers in 80 bits; a Chainlink-style mock serves the
            // broken ones.
            var receipt = await MockAggregatorService.DeployContractAndWaitForReceiptAsync(Web3(0), new MockAggregatorDeployment { Decimals = 8 });
            _mock = new MockAggregatorService(Web3(0), Address.Parse(receipt.ContractAddress!));
            await PostAsync(2_000);
            await Config().SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, new MarketSettings().ToMarketParams(_mock.ContractAddress, 6));
        }

        // 8x long: liquidation price about 1,806.
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        if (op is Operation.Liquidate or Operation.LiquidateBatch)
        {
            await PostAsync(1_790);
            Assert.True((await Factory().PreviewLiquidationQueryAsync(vault)).Liquidatable);
        }
        var lastGood = op is Operation.Liquidate or Operation.LiquidateBatch ? 1_790m : 2_000m;

        long faultTime = 0;
        switch (fault)
        {
            case Fault.Stale: await AdvanceAsync(3_601); break;
            case Fault.Zero: await SubmitRawAsync(0); break;
            case Fault.Negative: await SubmitRawAsync(-1); break;
            case Fault.Jump: await SetPriceAsync(lastGood * 1.25m); break; // 25% > 20% bound
            case Fault.IncompleteRound:
                faultTime = await NowAsync();
                await _mock!.SetRoundRequestAndWaitForReceiptAsync(_round + 1, Units.ToBaseUnits(lastGood, 8), faultTime, _round);
                break;
            case Fault.NoTimestamp:
                await _mock!.SetRoundRequestAndWaitForReceiptAsync(_round + 1, Units.ToBaseUnits(lastGood, 8), 0, _round + 1);
                break;
            case Fault.AboveRange:
                await _mock!.SetRoundNowRequestAndWaitForReceiptAsync(_round + 1, AboveRangeAnswer);
                break;
        }

        if (fault is Fault.Jump && op is Operation.Liquidate or Operation.LiquidateBatch)
        {
            // A -25% round: a real crash. The liquidation goes through at the new price.
            await SetPriceAsync(lastGood * 0.75m);
            var receipt = op is Operation.Liquidate
                ? await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault)
                : await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([vault]);
            var liquidated = receipt.DecodeAllEvents<Vaults.Contracts.VaultFactory.ContractDefinition.VaultLiquidatedEventDTO>().Single().Event;
            Assert.Equal(Wad(lastGood * 0.75m), liquidated.Price);
            return;
        }

        var expected = op is Operation.LiquidateBatch ? "NothingLiquidated" : fault switch
        {
            Fault.Stale => "StalePrice",
            Fault.Zero or Fault.Negative or Fault.AboveRange => "InvalidPrice",
            Fault.Jump => "PriceDeviationTooLarge",
            _ => "IncompleteRound",
        };
        Func<Task> action = op switch
        {
            Operation.Open => () => Factory(3).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, true, Usdc(2_000), Wad(1), AnyPrice(true), 5),
            Operation.RemoveMargin => () => Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(100), AccountAddress(2)),
            Operation.Liquidate => () => Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault),
            _ => () => Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([vault]),
        };
        var ex = await AssertRejectedAsync(expected, action, vault);

        switch (op is Operation.LiquidateBatch ? (Fault?)null : fault)
        {
            case Fault.Stale:
                Assert.Equal(3_600, Num(ex, "heartbeat"));
                Assert.True(Num(ex, "nowTs") - Num(ex, "updatedAt") > 3_600);
                break;
            case Fault.Zero: Assert.Equal(BigInteger.Zero, Num(ex, "answer")); break;
            case Fault.Negative: Assert.Equal(BigInteger.MinusOne, Num(ex, "answer")); break;
            case Fault.AboveRange: Assert.Equal(AboveRangeAnswer, Num(ex, "answer")); break;
            case Fault.Jump:
                Assert.Equal(Wad(lastGood), Num(ex, "previousPrice"));
                Assert.Equal(Wad(lastGood * 1.25m), Num(ex, "price"));
                Assert.Equal(2_000, Num(ex, "maxDeviationBps"));
                break;
            case Fault.IncompleteRound:
                Assert.Equal(_round + 1, Num(ex, "roundId"));
                Assert.Equal(_round, Num(ex, "answeredInRound"));
                Assert.Equal(faultTime, Num(ex, "updatedAt"));
                break;
            case Fault.NoTimestamp:
                Assert.Equal(_round + 1, Num(ex, "answeredInRound"));
                Assert.Equal(BigInteger.Zero, Num(ex, "updatedAt"));
                break;
        }

        // Adding margin never reads the price: it still works.
        await Factory(2).AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(1));
    }

    [Fact]
    public async Task After_a_valid_price_again_the_operations_resume()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 8);
        await SubmitRawAsync(0);
        await ExpectErrorAsync("InvalidPrice", () => Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(100), AccountAddress(2)));
        await SetPriceAsync(2_000); // previous round is 0: no deviation comparison
        await Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(100), AccountAddress(2));
    }
}
