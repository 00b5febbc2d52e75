using Vaults.Keeper.Index;
using static Vaults.Keeper.Tests.TestVaults;

namespace Vaults.Keeper.Tests.Index;

public sealed class KeeperShardTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/3", 2, 3)]
    public void Parses_i_of_n(string text, int index, int count)
    {
        var shard = KeeperShard.Parse(text);
        Assert.Equal((index, count), (shard.Index, shard.Count));
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("0/0")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Rejects_bad_shards(string text) => Assert.Throws<FormatException>(() => KeeperShard.Parse(text));

    [Fact]
    public void Every_vault_belongs_to_exactly_one_shard_and_the_split_is_even()
    {
        var shards = Enumerable.Range(0, 4).Select(i => new KeeperShard(i, 4)).ToArray();
        var counts = new int[4];
        for (int n = 0; n < 4_000; n++)
        {
            var owners = shards.Where(s => s.Owns(Addr(n))).ToList();
            Assert.Single(owners);
            counts[owners[0].Index]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 850, 1_150));
        Assert.True(default(KeeperShard).Owns(Addr(1)));
        Assert.True(KeeperShard.All.Owns(Addr(1)));
    }
}
