using System.Numerics;
using System.Text;
using System.Text.Json;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>
/// The Solidity ABI specification's examples (docs/abi-spec.rst: Foo.baz/bar/sam, f and g of "Use of Dynamic Types", the packed
/// mode example) through Nethereum's encoder and decoder; and tuples the way the generated bindings send them, through Nethereum's
/// attribute-driven encoding (Parameter with TupleType components, never type strings).
/// </summary>
public sealed class AbiSpecVectorTests
{
    private static readonly JsonElement Spec = VectorFile.Read("abi-spec.json");

    public static TheoryData<string> Calls => [.. Spec.GetProperty("calls").EnumerateArray().Select(c => c.GetProperty("signature").GetString()!)];

    private static JsonElement Call(string signature) =>
        Spec.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("signature").GetString() == signature);

    /// <summary>A vector value as Nethereum takes it: integers as BigInteger, bytes from 0x-hex or the UTF-8 text the spec quotes, arrays as lists.</summary>
    private static object Value(string type, JsonElement value)
    {
        if (type.EndsWith(']'))
        {
            var inner = type[..type.LastIndexOf('[')];
            return value.EnumerateArray().Select(e => Value(inner, e)).ToList();
        }
        if (type.StartsWith("uint") || type.StartsWith("int"))
            return value.ValueKind == JsonValueKind.Number ? new BigInteger(value.GetInt64()) : value.GetString()!.HexToBigInteger(isHexLittleEndian: false);
        if (type == "bool") return value.GetBoolean();
        if (type == "string") return value.GetString()!;
        var text = value.GetString()!;
        return text.StartsWith("0x") ? text.HexToByteArray() : Encoding.UTF8.GetBytes(text);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_call_encodes_to_the_calldata_of_the_spec(string signature)
    {
        var call = Call(signature);
        var types = call.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var parameters = types.Select((t, i) => new Parameter(t, i + 1)).ToArray();
        var values = types.Select((t, i) => Value(t, call.GetProperty("values")[i])).ToArray();

        var calldata = new FunctionCallEncoder().EncodeRequest(call.GetProperty("selector").GetString()!, parameters, values);

        Assert.Equal(call.GetProperty("calldata").GetString(), calldata.EnsureHexPrefix());
        // And back: Nethereum's decoder reads the arguments out of the spec's calldata.
        var decoded = new FunctionCallDecoder().DecodeDefaultData(call.GetProperty("calldata").GetString()![10..], parameters);
        Assert.Equal(types.Length, decoded.Count);
    }

    [Fact]
    public void The_output_example_decodes_to_its_value()
    {
        var output = Spec.GetProperty("outputs")[0];
        var decoded = new FunctionCallDecoder().DecodeDefaultData(output.GetProperty("data").GetString()!, new Parameter("bool", 1));
        Assert.Equal(false, decoded.Single().Result);
    }

    [Fact]
    public void The_packed_mode_example_encodes_to_the_spec_bytes()
    {
        var packed = Spec.GetProperty("packed")[0];
        var types = packed.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var values = types.Select((t, i) => new ABIValue(t, t == "int16" ? (object)(short)packed.GetProperty("values")[i].GetInt32() : Value(t, packed.GetProperty("values")[i]))).ToArray();
        Assert.Equal(packed.GetProperty("encoded").GetString(), new ABIEncode().GetABIEncodedPacked(values).ToHex(prefix: true));
    }

    [FunctionOutput]
    private sealed class Pair : IFunctionOutputDTO
    {
        [Parameter("tuple", "pair", 1)]
        public Inner Value { get; set; } = new();
    }

    private sealed class Inner
    {
        [Parameter("uint256", "a", 1)]
        public BigInteger A { get; set; }

        [Parameter("string", "note", 2)]
        public string Note { get; set; } = "";
    }

    [Fact]
    public void A_dynamic_tuple_is_encoded_by_its_components_with_the_spec_offsets()
    {
        var encoded = new FunctionCallEncoder().EncodeParametersFromTypeAttributes(typeof(Pair), new Pair { Value = new Inner { A = 1, Note = "hi" } });

        // (uint256,string) is dynamic: the head holds its offset (0x20); inside, a, then the string's offset from the tuple's start
        // (0x40), its length (2) and "hi" padded to a word.
        Assert.Equal(
            "0000000000000000000000000000000000000000000000000000000000000020" +
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "0000000000000000000000000000000000000000000000000000000000000040" +
            "0000000000000000000000000000000000000000000000000000000000000002" +
            "6869000000000000000000000000000000000000000000000000000000000000", encoded.ToHex());
        var back = new Pair().DecodeOutput(encoded.ToHex(prefix: true));
        Assert.Equal((BigInteger.One, "hi"), (back.Value.A, back.Value.Note));
    }
}
