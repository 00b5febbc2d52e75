using System.Numerics;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Util;
using static Vaults.Ethereum.Tests.Abi.AbiTestValues;

namespace Vaults.Ethereum.Tests.Abi;

public class AbiEncoderTests
{
    private static readonly BigInteger Two256 = BigInteger.One << 256;

    private static string Enc(string type, object? value) => Convert.ToHexStringLower(AbiEncoder.Encode(AbiType.Parse(type), value));

    [Fact]
    public void Int256_negative_edges()
    {
        Assert.Equal(new string('f', 64), Enc("int256", -1));
        Assert.Equal(new string('f', 64), Enc("int256", BigInteger.MinusOne));
        Assert.Equal("8" + new string('0', 63), Enc("int256", -(BigInteger.One << 255)));
        Assert.Equal("7" + new string('f', 63), Enc("int256", (BigInteger.One << 255) - 1));
        Assert.Equal(new string('f', 62) + "80", Enc("int8", (sbyte)-128));
        Assert.Equal(new string('f', 48) + "8000000000000000", Enc("int64", long.MinValue));
        Assert.Equal(Word("7f"), Enc("int8", 127));
        foreach (var v in new[] { BigInteger.MinusOne, -(BigInteger.One << 255), (BigInteger.One << 255) - 1, -12345 })
            Assert.Equal(v, AbiDecoder.Decode(new IntType(256), AbiEncoder.Encode(new IntType(256), v)));
        Assert.Equal(new BigInteger(-128), AbiDecoder.Decode(new IntType(8), AbiEncoder.Encode(new IntType(8), -128)));
    }

    [Fact]
    public void Uint256_max_and_bytes32()
    {
        Assert.Equal(new string('f', 64), Enc("uint256", Two256 - 1));
        Assert.Equal(Two256 - 1, AbiDecoder.Decode(new UIntType(256), AbiEncoder.Encode(new UIntType(256), Two256 - 1)));
        Assert.Equal(Word(ulong.MaxValue.ToString("x")), Enc("uint64", ulong.MaxValue));
        var b32 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(Convert.ToHexStringLower(b32), Enc("bytes32", b32));
        Assert.Equal(b32, AbiDecoder.Decode(new FixedBytesType(32), b32));
        Assert.Equal("abcd" + new string('0', 60), Enc("bytes4", new byte[] { 0xab, 0xcd }));
        Assert.Equal("abcd" + new string('0', 60), Enc("bytes2", new ReadOnlyMemory<byte>([0xab, 0xcd])));
    }

    [Fact]
    public void Accepts_every_clr_integer_type()
    {
        var expected = Word("2a");
        foreach (var v in new object[] { (byte)42, (sbyte)42, (short)42, (ushort)42, 42, 42u, 42L, 42UL, new BigInteger(42), new Vaults.Ethereum.Hex.HexBigInteger(42) })
        {
            Assert.Equal(expected, Enc("uint8", v));
            Assert.Equal(expected, Enc("int256", v));
        }
    }

    [Fact]
    public void Address_from_struct_or_string()
    {
        const string text = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        var expected = Word("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        Assert.Equal(expected, Enc("address", text));
        Assert.Equal(expected, Enc("address", (Address)text));
        Assert.Equal((Address)text, AbiDecoder.Decode(AddressType.Instance, H(expected)));
    }

    [Fact]
    public void Lists_of_any_ilist_kind()
    {
        var type = AbiType.Parse("uint256[]");
        var a = AbiEncoder.Encode(type, new[] { 1, 2, 3 });
        Assert.Equal(a, AbiEncoder.Encode(type, new List<BigInteger> { 1, 2, 3 }));
        Assert.Equal(a, AbiEncoder.Encode(type, new object?[] { 1L, (byte)2, new BigInteger(3) }));
    }

    [Fact]
    public void Fixed_array_of_dynamic_type_uses_offsets()
    {
        // string[2] is dynamic: abi.encode(["a","bc"]) = offset 0x20, then the array as a tuple of two strings.
        var hex = Enc("string[2]", new[] { "a", "bc" });
        var expected = Word("20") + Word("40") + Word("80") + Word("1") + "61".PadRight(64, '0') + Word("2") + "6263".PadRight(64, '0');
        Assert.Equal(expected, hex);
        AssertEqual(new[] { "a", "bc" }, AbiDecoder.Decode(AbiType.Parse("string[2]"), H(hex)));
    }

    [Fact]
    public void Nested_tuple_arrays_round_trip()
    {
        var type = AbiType.Parse("(address,uint256,bool,(uint256,int256,address)[],string,bytes)");
        Address who = "0x00000000000000000000000000000000000000aa";
        var value = new object?[]
        {
            who, Two256 - 1, true,
            new object?[] { new object?[] { 1, -1, who }, new object?[] { 2, -(BigInteger.One << 255), Address.Zero } },
            "hello", new byte[100],
        };
        var encoded = AbiEncoder.Encode(type, value);
        Assert.Equal(0, encoded.Length % 32);
        AssertEqual(value, AbiDecoder.Decode(type, encoded));

        var deep = AbiType.Parse("((uint8,string[])[2],bytes)[]");
        var deepValue = new object?[]
        {
            new object?[] { new object?[] { new object?[] { 1, new[] { "x", "" } }, new object?[] { 2, Array.Empty<string>() } }, Array.Empty<byte>() },
        };
        AssertEqual(deepValue, AbiDecoder.Decode(deep, AbiEncoder.Encode(deep, deepValue)));
    }

    [Fact]
    public void Empty_values()
    {
        Assert.Equal(Word("20") + Word("0"), Enc("bytes", Array.Empty<byte>()));
        Assert.Equal(Word("20") + Word("0"), Enc("string", ""));
        Assert.Equal(Word("20") + Word("0"), Enc("uint256[]", Array.Empty<int>()));
        Assert.Empty(AbiEncoder.Encode([], []));
    }

    [Fact]
    public void Utf8_length_is_in_bytes()
    {
        var hex = Enc("string", "é€");
        Assert.Equal(Word("20") + Word("5") + "c3a9e282ac".PadRight(64, '0'), hex);
    }

    [Theory]
    [InlineData("uint8", 256, "value 256 does not fit uint8")]
    [InlineData("uint8", -1, "negative value -1 does not fit uint8")]
    [InlineData("uint256", -5L, "negative value -5 does not fit uint256")]
    [InlineData("int8", 128, "value 128 does not fit int8")]
    [InlineData("int8", -129, "value -129 does not fit int8")]
    [InlineData("int64", ulong.MaxValue, "value 18446744073709551615 does not fit int64")]
    [InlineData("uint32", 4294967296L, "value 4294967296 does not fit uint32")]
    public void Out_of_range_integers_are_rejected(string type, object value, string problem)
    {
        var e = Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode([AbiType.Parse(type)], [value]));
        Assert.Contains(problem, e.Message);
        Assert.Equal("#0", e.Parameter);
    }

    [Fact]
    public void BigInteger_out_of_range()
    {
        Assert.Contains($"value {Two256} does not fit uint256", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(new UIntType(256), Two256)).Message);
        Assert.Contains("does not fit int256", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(new IntType(256), BigInteger.One << 255)).Message);
        Assert.Contains("does not fit int256", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(new IntType(256), -(BigInteger.One << 255) - 1)).Message);
    }

    [Fact]
    public void Errors_name_the_parameter_and_the_problem()
    {
        var transfer = new AbiFunction("transfer", [new AbiParameter("to", "address"), new AbiParameter("amount", "uint8")]);
        var e = Assert.Throws<AbiEncodingException>(() => transfer.EncodeCall(["0x00000000000000000000000000000000000000aa", 256]));
        Assert.Equal("amount", e.Parameter);
        Assert.Equal("Cannot encode parameter 'amount' as uint8: value 256 does not fit uint8.", e.Message);

        e = Assert.Throws<AbiEncodingException>(() => transfer.EncodeCall(["0x1234", 1]));
        Assert.Equal("to", e.Parameter);
        Assert.Contains("address", e.Message);

        e = Assert.Throws<AbiEncodingException>(() => transfer.EncodeCall(["0x00000000000000000000000000000000000000aa", "1"]));
        Assert.Contains("expected an integer", e.Message);
        Assert.Contains("String", e.Message);

        e = Assert.Throws<AbiEncodingException>(() => transfer.EncodeCall([null, 1]));
        Assert.Contains("got null", e.Message);

        e = Assert.Throws<AbiEncodingException>(() => transfer.EncodeCall([1]));
        Assert.Contains("expected 2 values, got 1", e.Message);
    }

    [Fact]
    public void Nested_errors_carry_a_path()
    {
        var f = new AbiFunction("f", [new AbiParameter("positions", AbiType.Parse("(uint256,uint8)[]"))]);
        var e = Assert.Throws<AbiEncodingException>(() => f.EncodeCall([new object?[] { new object?[] { 1, 2 }, new object?[] { 3, 300 } }]));
        Assert.Equal("positions[1].1", e.Parameter);
        Assert.Contains("value 300 does not fit uint8", e.Message);

        var g = new AbiFunction("g", [new AbiParameter("names", AbiType.Parse("string[]"))]);
        e = Assert.Throws<AbiEncodingException>(() => g.EncodeCall([new object?[] { "a", 5 }]));
        Assert.Equal("names[1]", e.Parameter);
        Assert.Contains("expected a string", e.Message);
    }

    [Fact]
    public void Wrong_clr_types_are_rejected()
    {
        Assert.Contains("expected a bool", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(BoolType.Instance, 1)).Message);
        Assert.Contains("expected byte[]", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(BytesType.Instance, "0x12")).Message);
        Assert.Contains("expected a list", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AbiType.Parse("uint8[]"), 5)).Message);
        Assert.Contains("expected a string", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(StringType.Instance, new byte[1])).Message);
        Assert.Contains("expected an Address", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AddressType.Instance, 5)).Message);
        Assert.Contains("lone surrogate", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(StringType.Instance, "\ud800")).Message);
    }

    [Fact]
    public void Wrong_fixed_array_length_and_tuple_arity()
    {
        Assert.Contains("expected exactly 3 elements, got 2", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AbiType.Parse("uint8[3]"), new[] { 1, 2 })).Message);
        Assert.Contains("expected exactly 2 elements, got 1", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AbiType.Parse("string[2]"), new[] { "a" })).Message);
        Assert.Contains("expected 2 tuple components, got 3", Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AbiType.Parse("(uint8,bool)"), new object?[] { 1, true, 3 })).Message);
    }

    [Fact]
    public void BytesN_too_long_is_an_error()
    {
        var e = Assert.Throws<AbiEncodingException>(() => AbiEncoder.Encode(AbiType.Parse("bytes3"), new byte[4]));
        Assert.Contains("4 bytes are too long for bytes3", e.Message);
    }

    [Fact]
    public void Packed_mode()
    {
        Assert.Equal("0012", Convert.ToHexStringLower(AbiEncoder.EncodePacked(new UIntType(16), 0x12)));
        Assert.Equal("6162" + "63", Convert.ToHexStringLower(AbiEncoder.EncodePacked(T("string", "string"), ["ab", "c"])));
        Assert.Equal(Convert.ToHexStringLower(AbiEncoder.EncodePacked(T("string", "string"), ["a", "bc"])), Convert.ToHexStringLower(AbiEncoder.EncodePacked(T("string", "string"), ["ab", "c"])));
        Assert.Equal("01" + "00000000000000000000000000000000000000aa", Convert.ToHexStringLower(AbiEncoder.EncodePacked(T("bool", "address"), [true, "0x00000000000000000000000000000000000000aa"])));
        Assert.Equal(Word("1") + Word("2"), Convert.ToHexStringLower(AbiEncoder.EncodePacked(AbiType.Parse("uint8[]"), new[] { 1, 2 })));
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.EncodePacked(AbiType.Parse("(uint8,bool)"), new object?[] { 1, true }));
        Assert.Throws<AbiEncodingException>(() => AbiEncoder.EncodePacked(AbiType.Parse("uint8[][]"), new[] { new[] { 1 } }));
        Assert.Contains("does not fit uint8", Assert.Throws<AbiEncodingException>(() => AbiEncoder.EncodePacked(new UIntType(8), 256)).Message);
    }

    [Fact]
    public void EncodeWithSelector_requires_four_bytes() =>
        Assert.Throws<ArgumentException>(() => AbiEncoder.EncodeWithSelector(new byte[3], [], []));
}
