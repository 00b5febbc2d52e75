using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Rlp;

namespace Vaults.Ethereum.Tests.Rlp;

public class RlpTests
{
    public static TheoryData<string, string> Valid() => Load("rlptest.json", "rlp-wiki.json");
    public static TheoryData<string, string> Invalid() => Load("invalidRLPTest.json");

    private static TheoryData<string, string> Load(params string[] files)
    {
        var data = new TheoryData<string, string>();
        foreach (var file in files)
            foreach (var test in VectorFile.Read(file).GetProperty("tests").EnumerateObject())
                data.Add($"{file}:{test.Name}", test.Value.GetProperty("out").GetString()!);
        return data;
    }

    private static JsonElement Input(string id)
    {
        var parts = id.Split(':', 2);
        return VectorFile.Read(parts[0]).GetProperty("tests").GetProperty(parts[1]).GetProperty("in");
    }

    // Builds the expected item from ethereum/tests' JSON conventions.
    private static RlpItem ToItem(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => RlpItem.FromList(e.EnumerateArray().Select(ToItem).ToArray()),
        JsonValueKind.Number => IntegerItem(new BigInteger(e.GetInt64())),
        JsonValueKind.String when e.GetString()!.StartsWith('#') => IntegerItem(BigInteger.Parse(e.GetString()![1..], CultureInfo.InvariantCulture)),
        JsonValueKind.String => RlpItem.FromBytes(Encoding.UTF8.GetBytes(e.GetString()!)),
        _ => throw new InvalidOperationException($"Unexpected vector input {e}"),
    };

    private static RlpItem IntegerItem(BigInteger value) =>
        RlpItem.FromBytes(value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true));

    private static void AssertSame(RlpItem expected, RlpItem actual)
    {
        Assert.Equal(expected.IsList, actual.IsList);
        if (!expected.IsList)
        {
            Assert.Equal(expected.Bytes, actual.Bytes);
            return;
        }
        Assert.Equal(expected.Items.Count, actual.Items.Count);
        for (int i = 0; i < expected.Items.Count; i++) AssertSame(expected.Items[i], actual.Items[i]);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Encode_matches_published_vector(string id, string expectedHex)
    {
        var input = Input(id);
        byte[] encoded = input.ValueKind == JsonValueKind.Number || input.ValueKind == JsonValueKind.String && input.GetString()!.StartsWith('#')
            ? RlpEncoder.EncodeInteger(input.ValueKind == JsonValueKind.Number ? input.GetInt64() : BigInteger.Parse(input.GetString()![1..], CultureInfo.InvariantCulture))
            : RlpEncoder.Encode(ToItem(input));
        Assert.Equal(expectedHex, HexConvert.ToHex(encoded));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Decode_of_published_vector_gives_the_input(string id, string hex)
    {
        AssertSame(ToItem(Input(id)), RlpDecoder.Decode(HexConvert.ToBytes(hex)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Decode_rejects_invalid_vector(string id, string hex)
    {
        var ex = Assert.Throws<RlpException>(() => RlpDecoder.Decode(HexConvert.ToBytes(hex)));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), id);
    }

    [Theory]
    [InlineData("0x8100", "single byte")]
    [InlineData("0xb801ff", "short form")]
    [InlineData("0xb90040" + "00", "leading zero")]
    [InlineData("0x83646f", "Truncated")]
    [InlineData("0x83646f6700", "Trailing")]
    public void Decode_error_names_the_problem(string hex, string expected)
    {
        var ex = Assert.Throws<RlpException>(() => RlpDecoder.Decode(HexConvert.ToBytes(hex)));
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Integer_accessor_rejects_leading_zero()
    {
        var item = RlpDecoder.Decode(HexConvert.ToBytes("0x820001"));
        Assert.Throws<RlpException>(() => item.ToBigInteger());
    }

    [Fact]
    public void Negative_integer_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RlpEncoder.EncodeInteger(BigInteger.MinusOne));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(127UL)]
    [InlineData(128UL)]
    [InlineData(255UL)]
    [InlineData(256UL)]
    [InlineData(ulong.MaxValue)]
    public void Ulong_and_BigInteger_integer_paths_agree(ulong value)
    {
        var viaUlong = new byte[9];
        int n = RlpEncoder.WriteInteger(viaUlong, value);
        Assert.Equal(RlpEncoder.EncodeInteger(value), viaUlong[..n]);
        Assert.Equal(n, RlpEncoder.LengthOfInteger(value));
    }

    private static Gen<RlpItem> ItemGen(int depth) =>
        depth == 0
            ? ArbMap.Default.GeneratorFor<byte[]>().Select(RlpItem.FromBytes)
            : Gen.OneOf(
                ArbMap.Default.GeneratorFor<byte[]>().Select(RlpItem.FromBytes),
                Gen.ListOf(ItemGen(depth - 1)).Select(items => RlpItem.FromList(items.ToArray())));

    [Fact]
    public void Random_trees_round_trip()
    {
        Prop.ForAll(ItemGen(3).ToArbitrary(), item =>
        {
            var encoded = RlpEncoder.Encode(item);
            return RlpEncoder.Encode(RlpDecoder.Decode(encoded)).AsSpan().SequenceEqual(encoded);
        }).QuickCheckThrowOnFailure();
    }
}
