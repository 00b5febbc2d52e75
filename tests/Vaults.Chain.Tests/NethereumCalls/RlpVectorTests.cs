using System.Numerics;
using System.Text;
using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RLP;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>
/// ethereum/tests RLPTests (rlptest.json) and the RLP page's examples, encoded by Nethereum's RLP (the encoding every signed transaction
/// of the project goes through) and decoded back.
/// </summary>
public sealed class RlpVectorTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "rlptest.json", "rlp-wiki.json" })
            foreach (var test in VectorFile.Read(file).GetProperty("tests").EnumerateObject())
                data.Add(file + ":" + test.Name, test.Value.GetProperty("out").GetString()!);
        return data;
    }

    private static JsonElement Input(string name)
    {
        var (file, test) = (name[..name.IndexOf(':')], name[(name.IndexOf(':') + 1)..]);
        return VectorFile.Read(file).GetProperty("tests").GetProperty(test).GetProperty("in");
    }

    /// <summary>The test's input as RLP: strings as their UTF-8 bytes, integers big-endian without leading zeros ("#" marks a big one), lists recursively.</summary>
    private static byte[] Encode(JsonElement input) => input.ValueKind switch
    {
        JsonValueKind.Array => RLP.EncodeList([.. input.EnumerateArray().Select(Encode)]),
        JsonValueKind.Number => RLP.EncodeElement(Integer(new BigInteger(input.GetUInt64()))),
        JsonValueKind.String when input.GetString()!.StartsWith('#') => RLP.EncodeElement(Integer(BigInteger.Parse(input.GetString()![1..]))),
        _ => RLP.EncodeElement(Encoding.UTF8.GetBytes(input.GetString()!)),
    };

    private static byte[] Integer(BigInteger value) => value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_input_encodes_to_the_published_bytes_and_decodes_back(string name, string expected)
    {
        var encoded = Encode(Input(name));
        Assert.Equal(expected, encoded.ToHex(prefix: true));
        Assert.Equal(expected, Reencode(RLP.Decode(encoded)).ToHex(prefix: true));
    }

    private static byte[] Reencode(IRLPElement element) => element is RLPCollection list
        ? RLP.EncodeList([.. list.Select(Reencode)])
        : RLP.EncodeElement(element.RLPData ?? []);
}
