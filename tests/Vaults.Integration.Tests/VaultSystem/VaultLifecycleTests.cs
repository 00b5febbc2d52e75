using System.Numerics;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// A vault's whole life, long and short, against the reference model: open (with a slippage bound), add and
/// remove margin, increase, decrease, close in profit or in loss. After every step the token balances of owner,
/// vault, pool, insurance fund and a bystander keeper are checked to the unit, the position struct field by
/// field, the liquidation price, and the event with its per-vault sequence number.
/// </summary>
public class VaultLifecycleTests(VaultsFixture vaults) : MarginTest(vaults)
{
    private const int Trader = 2;
    private const int Keeper = 9;

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Every_step_of_a_vault_moves_tokens_and_state_exactly_as_the_margin_math_says(bool isLong, bool closeInProfit)
    {
        var model = await ModelAsync();
        var owner = AccountAddress(Trader);
        var supply = await Token().TotalSupplyQueryAsync();
        var seqs = new List<BigInteger>();
        // Prices move in the position's favour by `up` and against it by `down` (long: up = higher; short: lower).
        BigInteger Px(decimal favourable) => Wad(isLong ? 2000m + favourable : 2000m - favourable);

        // --- Open: the acceptable-price bound is inclusive, one wei worse reverts with the price and the bound.
        BigInteger collateral = Usdc(2_000), size = Wad(5);
        var tooTight = isLong ? Wad(2000) - 1 : Wad(2000) + 1;
        var slip = await AssertRevertsAsync("SlippageExceeded", () => OpenRawAsync(Trader, isLong, collateral, size, tooTight));
        Assert.Equal(Wad(2000), (BigInteger)Arg(slip, 0)!);
        Assert.Equal(tooTight, (BigInteger)Arg(slip, 1)!);

        var openReceipt = await OpenRawAsync(Trader, isLong, collateral, size, Wad(2000));
        var vault = VaultOf(openReceipt);
        var ledger = await Ledger.StartAsync(this, ("owner", owner), ("pool", Pool), ("fund", Fund), ("keeper", AccountAddress(Keeper)));
        await ledger.TrackAsync("vault", vault); // already holds the collateral
        var (pos, openFee) = model.Open(isLong, collateral, size, Wad(2000));
        Assert.Equal(Usdc(10), openFee); // 10 bps of 10,000
        var opened = openReceipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event;
        Assert.Equal((owner, isLong, size, Wad(2000), collateral, openFee), ((Address)opened.Owner, opened.IsLong, opened.Size, opened.EntryPrice, opened.Collateral, opened.OpenFee));
        seqs.Add(opened.Seq);
        Assert.Equal(collateral, ledger[vault]);
        Assert.Equal(collateral, await Token().BalanceOfQueryAsync(vault));
        await AssertStateAsync(vault, pos, ledger, "open");

        // --- Add margin.
        var added = await Factory(Trader).AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(500));
        pos = model.AddMargin(pos, Usdc(500));
        ledger.Move(owner, vault, Usdc(500));
        var m1 = added.DecodeAllEvents<MarginChangedEventDTO>().Single().Event;
        Assert.Equal((vault, (BigInteger)Usdc(500), pos.Collateral), ((Address)m1.Vault, m1.Delta, m1.Collateral));
        seqs.Add(m1.Seq);
        await AssertStateAsync(vault, pos, ledger, "add margin");

        // --- Remove margin: the reserve follows the collateral down.
        var removed = await Factory(Trader).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(300), owner);
        pos = model.RemoveMargin(pos, Usdc(300));
        ledger.Move(vault, owner, Usdc(300));
        var m2 = removed.DecodeAllEvents<MarginChangedEventDTO>().Single().Event;
        Assert.Equal((vault, -(BigInteger)Usdc(300), pos.Collateral), ((Address)m2.Vault, m2.Delta, m2.Collateral));
        seqs.Add(m2.Seq);
        await AssertStateAsync(vault, pos, ledger, "remove margin");

        // --- Increase at a better price, with extra margin; one wei past the bound reverts.
        var p1 = Px(100);
        await SetPrice8Async(p1 / BigInteger.Pow(10, 10));
        await AssertRevertsAsync("SlippageExceeded", () =>
            Factory(Trader).IncreasePositionRequestAndWaitForReceiptAsync(vault, Wad(1), Usdc(100), isLong ? p1 - 1 : p1 + 1));
        var increased = await Factory(Trader).IncreasePositionRequestAndWaitForReceiptAsync(vault, Wad(1), Usdc(100), p1);
        (pos, var incFee) = model.Increase(pos, Wad(1), Usdc(100), p1);
        ledger.Move(owner, vault, Usdc(100));
        ledger.Move(owner, Pool, incFee);
        var pc1 = increased.DecodeAllEvents<PositionChangedEventDTO>().Single().Event;
        Assert.Equal((pos.Size, pos.Entry, pos.Collateral, BigInteger.Zero, incFee, p1), (pc1.Size, pc1.EntryPrice, pc1.Collateral, pc1.RealizedPnl, pc1.Fee, pc1.Price));
        seqs.Add(pc1.Seq);
        await AssertStateAsync(vault, pos, ledger, "increase");

        // --- Decrease 2 of 6 at another price: realised PnL and the close fee settle with the pool.
        var p2 = Px(50);
        await SetPrice8Async(p2 / BigInteger.Pow(10, 10));
        // Reducing a long sells (bound is a minimum), reducing a short buys (bound is a maximum).
        await AssertRevertsAsync("SlippageExceeded", () =>
            Factory(Trader).DecreasePositionRequestAndWaitForReceiptAsync(vault, Wad(2), isLong ? p2 + 1 : p2 - 1));
        var decreased = await Factory(Trader).DecreasePositionRequestAndWaitForReceiptAsync(vault, Wad(2), p2);
        (pos, var decPnl, var decFee) = model.Decrease(pos, Wad(2), p2);
        Assert.True(decPnl > 0);
        ledger.Move(Pool, vault, decPnl - decFee);
        var pc2 = decreased.DecodeAllEvents<PositionChangedEventDTO>().Single().Event;
        Assert.Equal((pos.Size, pos.Entry, pos.Collateral, decPnl, decFee, p2), (pc2.Size, pc2.EntryPrice, pc2.Collateral, pc2.RealizedPnl, pc2.Fee, pc2.Price));
        seqs.Add(pc2.Seq);
        await AssertStateAsync(vault, pos, ledger, "decrease");

        // --- Close in profit or in loss.
        var p3 = closeInProfit ? Px(200) : Px(-150);
        await SetPrice8Async(p3 / BigInteger.Pow(10, 10));
        var closed = await Factory(Trader).CloseVaultRequestAndWaitForReceiptAsync(vault, p3);
        var (rp, fee, payout, badDebt) = model.Close(pos, p3);
        Assert.Equal(closeInProfit, rp > 0);
        Assert.Equal(BigInteger.Zero, badDebt);
        Assert.Equal(pos.Collateral + rp - fee, payout);
        var net = fee - rp; // > 0: the vault pays the pool
        if (net >= 0)
        {
            ledger.Move(vault, Pool, net);
            ledger.Move(vault, owner, payout);
        }
        else
        {
            ledger.Move(vault, owner, pos.Collateral);
            ledger.Move(Pool, owner, -net);
        }
        var vc = closed.DecodeAllEvents<VaultClosedEventDTO>().Single().Event;
        Assert.Equal((vault, rp, fee, payout, BigInteger.Zero, p3), ((Address)vc.Vault, vc.RealizedPnl, vc.CloseFee, vc.OwnerPayout, vc.BadDebt, vc.Price));
        seqs.Add(vc.Seq);
        await ledger.AssertAsync("close");
        Assert.Equal(BigInteger.Zero, ledger[vault]);
        var final = await Factory().PositionQueryAsync(vault);
        Assert.Equal((byte)2, final.Status); // Closed
        Assert.Equal((BigInteger.Zero, BigInteger.Zero, BigInteger.Zero, 6u), (final.Size, final.Collateral, final.Reserve, final.Seq));
        Assert.Equal(BigInteger.Zero, await Factory().TotalReservedQueryAsync());
        Assert.Equal(BigInteger.Zero, await Factory().LiquidationPriceQueryAsync(vault));

        // Per-vault sequence numbers: 1, 2, 3, ... with no gap; the token supply never changed.
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (BigInteger)i), seqs);
        Assert.Equal(supply, await Token().TotalSupplyQueryAsync());
    }

    [Fact]
    public async Task Removing_margin_below_the_initial_requirement_reverts_and_unrealised_profit_does_not_back_it()
    {
        var model = await ModelAsync();
        var vault = VaultOf(await OpenRawAsync(Trader, true, Usdc(2_000), Wad(5), Wad(2000)));
        // At 2,000 the requirement is (10% + 0.1% close fee) of 10,000 = 1,010: 990 is removable, 991 is not.
        await AssertRevertsAsync("InsufficientInitialMargin", () => Factory(Trader).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(990.000001m), AccountAddress(Trader)));
        // A 20% rise gives 2,000 of unrealised profit; it still does not back a withdrawal:
        // requirement 10.1% of 12,000 = 1,212, so at most 788 can leave (with the profit counted, 2,788 could).
        await SetPriceAsync(2400);
        await AssertRevertsAsync("InsufficientInitialMargin", () => Factory(Trader).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(788.000001m), AccountAddress(Trader)));
        await Factory(Trader).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(788), AccountAddress(Trader));
        var pos = model.RemoveMargin(model.Open(true, Usdc(2_000), Wad(5), Wad(2000)).Pos, Usdc(788));
        await AssertPositionAsync(vault, pos);
    }

    private async Task AssertStateAsync(Address vault, ModelPosition pos, Ledger ledger, string step)
    {
        await AssertPositionAsync(vault, pos);
        await ledger.AssertAsync(step);
        Assert.Equal(pos.Collateral, ledger[vault]); // the vault holds exactly its collateral
        var model = await ModelAsync();
        Assert.Equal(model.LiquidationPrice(pos), await Factory().LiquidationPriceQueryAsync(vault));
    }
}
