using FsCheck;
using FsCheck.Fluent;
using Vaults.Keeper.Index;
using static Vaults.Keeper.Tests.TestVaults;

namespace Vaults.Keeper.Tests.Index;

public sealed class VaultIndexTests
{
    [Fact]
    public void Longs_are_candidates_when_the_price_is_at_or_below_their_liquidation_price()
    {
        var index = new VaultIndex();
        index.Upsert(Record(1, isLong: true, 1_500));
        index.Upsert(Record(2, isLong: true, 1_800));
        index.Upsert(Record(3, isLong: true, 1_900));
        Assert.Equal([Addr(3), Addr(2)], index.Candidates(1, VaultSide.Long, 1_800).Select(r => r.Vault));
        Assert.Empty(index.Candidates(1, VaultSide.Long, 1_901));
        Assert.Equal(3, index.Candidates(1, VaultSide.Long, 0).Count);
    }

    [Fact]
    public void Shorts_are_candidates_when_the_price_is_at_or_above_their_liquidation_price()
    {
        var index = new VaultIndex();
        index.Upsert(Record(1, isLong: false, 2_500));
        index.Upsert(Record(2, isLong: false, 2_200));
        index.Upsert(Record(3, isLong: false, 2_100));
        Assert.Equal([Addr(3), Addr(2)], index.Candidates(1, VaultSide.Short, 2_200).Select(r => r.Vault));
        Assert.Empty(index.Candidates(1, VaultSide.Short, 2_099));
        Assert.Equal(3, index.Candidates(1, VaultSide.Short, UInt256.MaxValue).Count);
    }

    [Fact]
    public void The_vaults_of_a_market_are_both_sides_of_it_and_no_other_market()
    {
        var index = new VaultIndex();
        index.Upsert(Record(1, isLong: true, 1_500, market: 1));
        index.Upsert(Record(2, isLong: false, 2_500, market: 1));
        index.Upsert(Record(3, isLong: true, 1_600, market: 2));
        Assert.Equal([Addr(1), Addr(2)], index.VaultsOf(1).Select(r => r.Vault).Order());
        Assert.Equal([Addr(3)], index.VaultsOf(2).Select(r => r.Vault));
        Assert.Empty(index.VaultsOf(3));
        index.Remove(Addr(3));
        Assert.Empty(index.VaultsOf(2));
    }

    [Fact]
    public void Upsert_moves_a_vault_and_remove_drops_it()
    {
        var index = new VaultIndex();
        index.Upsert(Record(1, isLong: true, 1_500));
        index.Upsert(Record(1, isLong: true, 1_900, seq: 2));
        Assert.Equal(1, index.Count);
        Assert.Single(index.Candidates(1, VaultSide.Long, 1_800));
        Assert.True(index.TryGet(Addr(1), out var r) && r.Seq == 2);
        Assert.True(index.Remove(Addr(1)));
        Assert.False(index.Remove(Addr(1)));
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Candidates(1, VaultSide.Long, 0));
    }

    [Fact]
    public void Markets_and_sides_are_separate_books()
    {
        var index = new VaultIndex();
        index.Upsert(Record(1, isLong: true, 1_500, market: 1));
        index.Upsert(Record(2, isLong: true, 1_500, market: 2));
        index.Upsert(Record(3, isLong: false, 1_500, market: 1));
        Assert.Equal([Addr(1)], index.Candidates(1, VaultSide.Long, 1_500).Select(r => r.Vault));
        Assert.Equal([Addr(1), Addr(3)], index.Candidates(1, 1_500).Select(r => r.Vault));
        Assert.Empty(index.Candidates(3, VaultSide.Long, 0));
    }

    [Fact]
    public void Equal_liquidation_prices_are_all_returned()
    {
        var index = new VaultIndex();
        for (int i = 0; i < 10; i++) index.Upsert(Record(i, isLong: true, 1_000));
        Assert.Equal(10, index.Candidates(1, VaultSide.Long, 1_000).Count);
        Assert.Empty(index.Candidates(1, VaultSide.Long, 1_001));
    }

    [Fact]
    public void Candidates_match_a_naive_scan_under_random_operations()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var random = new Random(seed);
            var index = new VaultIndex();
            var model = new Dictionary<int, VaultRecord>();
            for (int step = 0; step < 300; step++)
            {
                int n = random.Next(40);
                switch (random.Next(10))
                {
                    case < 5:
                        var record = Record(n, random.Next(2) == 0, (ulong)random.Next(60), market: (uint)random.Next(2), seq: (uint)step);
                        index.Upsert(record);
                        model[n] = record;
                        break;
                    case < 7:
                        Assert.Equal(model.Remove(n), index.Remove(Addr(n)));
                        break;
                    default:
                        uint market = (uint)random.Next(2);
                        var side = random.Next(2) == 0 ? VaultSide.Long : VaultSide.Short;
                        UInt256 price = (ulong)random.Next(62);
                        var expected = model.Values.Where(r => r.MarketId == market && r.Side == side && r.IsCrossedBy(price))
                            .Select(r => r.Vault).OrderBy(a => a).ToList();
                        var actual = index.Candidates(market, side, price);
                        Assert.Equal(expected, actual.Select(r => r.Vault).OrderBy(a => a));
                        Assert.True(actual.Zip(actual.Skip(1)).All(p => side == VaultSide.Long
                            ? p.First.LiquidationPrice >= p.Second.LiquidationPrice
                            : p.First.LiquidationPrice <= p.Second.LiquidationPrice), "most endangered first");
                        break;
                }
                Assert.Equal(model.Count, index.Count);
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), property);
    }
}
