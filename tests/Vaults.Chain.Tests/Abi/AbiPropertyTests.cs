using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Abi;

/// <summary>Random (nested, depth &lt;= 3) types and values: decode(encode(v)) == v and the encoding is word-aligned.</summary>
public class AbiPropertyTests
{
    private static Gen<AbiType> Elementary() => Gen.OneOf(
        Gen.Choose(1, 32).Select(n => (AbiType)new UIntType(n * 8)),
        Gen.Choose(1, 32).Select(n => (AbiType)new IntType(n * 8)),
        Gen.Choose(1, 32).Select(n => (AbiType)new FixedBytesType(n)),
        Gen.Elements<AbiType>(AddressType.Instance, BoolType.Instance, BytesType.Instance, StringType.Instance));

    private static Gen<AbiType> TypeGen(int depth) => depth == 0
        ? Elementary()
        : Gen.Frequency(
            (3, Elementary()),
            (2, TypeGen(depth - 1).SelectMany(e => Gen.Elements<int?>(null, 1, 2, 3).Select(n => (AbiType)new ArrayType(e, n)))),
            (2, Gen.Choose(1, 4).SelectMany(n => Gen.CollectToArray(Enumerable.Repeat(0, n).Select(_ => TypeGen(depth - 1))))
                .Select(cs => (AbiType)new TupleType(cs))));

    private static Gen<BigInteger> Bits(int bytes) =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), bytes).Select(b => new BigInteger(b, isUnsigned: true, isBigEndian: true));

    private static Gen<object?> ValueGen(AbiType type) => type switch
    {
        UIntType u => Gen.OneOf(Bits(u.Bits / 8), Gen.Elements(BigInteger.Zero, u.MaxValue)).Select(v => (object?)v),
        IntType s => Gen.OneOf(Bits(s.Bits / 8).Select(v => v - (BigInteger.One << (s.Bits - 1))), Gen.Elements(s.MinValue, s.MaxValue, BigInteger.MinusOne))
            .Select(v => (object?)v),
        AddressType => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 20).Select(b => (object?)new Address(b)),
        BoolType => Gen.Elements<object?>(true, false),
        FixedBytesType f => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), f.Size).Select(b => (object?)b),
        BytesType => Gen.Choose(0, 70).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => (object?)b),
        StringType => Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements('a', 'Z', '0', ' ', 'é', '€', '中', '\n'), n))
            .Select(cs => (object?)new string(cs)),
        ArrayType { Length: { } n } a => Gen.CollectToArray(Enumerable.Repeat(0, n).Select(_ => ValueGen(a.Element))).Select(v => (object?)v),
        ArrayType a => Gen.Choose(0, 3).SelectMany(n => Gen.CollectToArray(Enumerable.Repeat(0, n).Select(_ => ValueGen(a.Element)))).Select(v => (object?)v),
        TupleType t => Gen.CollectToArray(t.Components.Select(ValueGen)).Select(v => (object?)v),
        _ => throw new NotSupportedException(type.CanonicalName),
    };

    private static Gen<(AbiType[] Types, object?[] Values)> Case() =>
        Gen.Choose(1, 4)
            .SelectMany(n => Gen.CollectToArray(Enumerable.Repeat(0, n).Select(_ => TypeGen(3))))
            .SelectMany(types => Gen.CollectToArray(types.Select(ValueGen)).Select(values => (types, values)));

    [Fact]
    public void Encode_then_decode_returns_an_equal_value()
    {
        var property = Prop.ForAll(Arb.From(Case()), c =>
        {
            var encoded = AbiEncoder.Encode(c.Types, c.Values);
            var decoded = AbiDecoder.Decode(c.Types, encoded);
            return (encoded.Length % 32 == 0 && AbiTestValues.StructurallyEqual(c.Values, decoded))
                .Label($"types: ({string.Join(",", c.Types.Select(t => t.CanonicalName))}) values: {AbiValueFormatter.Format(c.Values)}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void Canonical_names_reparse_to_equal_types()
    {
        var property = Prop.ForAll(Arb.From(TypeGen(3)), t => AbiType.Parse(t.CanonicalName).Equals(t) && AbiType.Parse(t.CanonicalName).HeadSize == t.HeadSize);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void Corrupted_encodings_fail_only_with_AbiDecodingException()
    {
        // Flipping one byte either still decodes or fails with AbiDecodingException; it never throws anything else.
        var property = Prop.ForAll(Arb.From(Case().SelectMany(c => Gen.Choose(0, 1 << 20).Select(r => (c.Types, c.Values, r)))), c =>
        {
            var encoded = AbiEncoder.Encode(c.Types, c.Values);
            if (encoded.Length == 0) return true;
            encoded[c.r % encoded.Length] ^= (byte)(1 + c.r % 255);
            try { AbiDecoder.Decode(c.Types, encoded); }
            catch (AbiDecodingException) { }
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
