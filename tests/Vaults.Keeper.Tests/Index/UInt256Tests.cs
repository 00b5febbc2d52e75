using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Tests.Index;

public sealed class UInt256Tests
{
    private static readonly BigInteger Max = (BigInteger.One << 256) - 1;

    [Fact]
    public void Round_trips_and_orders_like_BigInteger()
    {
        var gen = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 32).Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(gen), Arb.From(gen), (a, b) =>
        {
            Assert.Equal(a, UInt256.FromBigInteger(a).ToBigInteger());
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(UInt256.FromBigInteger(a).CompareTo(UInt256.FromBigInteger(b))));
        }));
    }

    [Fact]
    public void Bounds()
    {
        Assert.Equal(Max, UInt256.MaxValue.ToBigInteger());
        Assert.Equal(BigInteger.Zero, UInt256.Zero.ToBigInteger());
        Assert.Throws<ArgumentOutOfRangeException>(() => UInt256.FromBigInteger(Max + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UInt256.FromBigInteger(BigInteger.MinusOne));
    }
}
