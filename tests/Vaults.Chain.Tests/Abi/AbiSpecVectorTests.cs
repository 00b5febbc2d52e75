using System.Text.Json;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;
using static Vaults.Ethereum.Tests.Abi.AbiTestValues;

namespace Vaults.Ethereum.Tests.Abi;

/// <summary>The examples of the Solidity ABI specification (docs/abi-spec.rst), from Vectors/abi-spec.json.</summary>
public class AbiSpecVectorTests
{
    private static JsonElement Spec => VectorFile.Read("abi-spec.json");

    public static TheoryData<string> Calls()
    {
        var data = new TheoryData<string>();
        foreach (var c in Spec.GetProperty("calls").EnumerateArray()) data.Add(c.GetProperty("signature").GetString()!);
        return data;
    }

    private static JsonElement Call(string signature) =>
        Spec.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("signature").GetString() == signature);

    [Theory]
    [MemberData(nameof(Calls))]
    public void Call_encoding_matches_the_spec(string signature)
    {
        var c = Call(signature);
        var types = c.GetProperty("types").EnumerateArray().Select(t => AbiType.Parse(t.GetString()!)).ToArray();
        var values = FromJson(types, c.GetProperty("values"));
        var function = AbiFunction.FromSignature(signature);

        Assert.Equal(signature, function.Signature);
        Assert.Equal(c.GetProperty("selector").GetString(), function.Selector.ToHex());
        Assert.Equal(c.GetProperty("calldata").GetString(), ToHex0x(function.EncodeCall(values)));
        Assert.Equal(c.GetProperty("calldata").GetString(), ToHex0x(AbiEncoder.EncodeWithSelector(function.Selector, types, values)));
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void Call_decoding_returns_the_spec_values(string signature)
    {
        var c = Call(signature);
        var function = AbiFunction.FromSignature(signature);
        var types = function.Inputs.Select(p => p.Type).ToArray();
        var expected = FromJson(types, c.GetProperty("values"));
        AssertEqual(expected, function.DecodeInput(H(c.GetProperty("calldata").GetString()!)));
    }

    [Fact]
    public void Baz_output_false_decodes()
    {
        var o = Spec.GetProperty("outputs")[0];
        var function = AbiFunction.FromSignature(o.GetProperty("signature").GetString()!, "bool");
        Assert.Equal([false], function.DecodeOutput(H(o.GetProperty("data").GetString()!)));
        Assert.Equal(o.GetProperty("data").GetString(), ToHex0x(AbiEncoder.Encode(BoolType.Instance, false)));
    }

    [Fact]
    public void G_layout_has_the_offsets_the_spec_derives()
    {
        var data = H(Call("g(uint256[][],string[])").GetProperty("calldata").GetString()!)[4..];
        string WordAt(int line) => Convert.ToHexStringLower(data, line * 32, 32);
        Assert.Equal(Word("40"), WordAt(0));   // f
        Assert.Equal(Word("140"), WordAt(1));  // g
        Assert.Equal(Word("40"), WordAt(3));   // a
        Assert.Equal(Word("a0"), WordAt(4));   // b
        Assert.Equal(Word("60"), WordAt(11));  // c
        Assert.Equal(Word("a0"), WordAt(12));  // d
        Assert.Equal(Word("e0"), WordAt(13));  // e
    }

    [Fact]
    public void Packed_encoding_matches_the_spec()
    {
        var p = Spec.GetProperty("packed")[0];
        var types = p.GetProperty("types").EnumerateArray().Select(t => AbiType.Parse(t.GetString()!)).ToArray();
        var values = FromJson(types, p.GetProperty("values"));
        Assert.Equal(p.GetProperty("encoded").GetString(), ToHex0x(AbiEncoder.EncodePacked(types, values)));
    }

    public static TheoryData<string, string> Selectors() =>
        VectorFile.Load("abi-selectors.json", v => (v.GetProperty("signature").GetString()!, v.GetProperty("selector").GetString()!));

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Selector_matches(string signature, string selector)
    {
        Assert.Equal(selector, AbiFunction.FromSignature(signature).Selector.ToHex());
        Assert.Equal(selector, AbiError.FromSignature(signature).Selector.ToHex());
    }

    [Fact]
    public void Event_topic0_matches_published_values()
    {
        foreach (var t in VectorFile.Read("abi-selectors.json").GetProperty("topics").EnumerateArray())
        {
            var (name, inputs) = (t.GetProperty("signature").GetString()!.Split('(')[0], AbiFunction.FromSignature(t.GetProperty("signature").GetString()!).Inputs);
            var ev = new AbiEvent(name, inputs.Select(p => p with { Indexed = true }).ToArray());
            Assert.Equal(t.GetProperty("topic0").GetString(), ev.Topic0.ToHex());
        }
    }

    [Fact]
    public void Spec_event_example_decodes_indexed_uint_and_bytes32_data()
    {
        // docs/abi-spec.rst, JSON section: event Event(uint indexed a, bytes32 b), emitted with b = hex"12345678901234567890123456789012".
        var abi = ContractAbi.Parse("""
            [{"type":"event","inputs":[{"name":"a","type":"uint256","indexed":true},{"name":"b","type":"bytes32","indexed":false}],"name":"Event"},
             {"type":"event","inputs":[{"name":"a","type":"uint256","indexed":true},{"name":"b","type":"bytes32","indexed":false}],"name":"Event2"},
             {"type":"function","inputs":[{"name":"a","type":"uint256"}],"name":"foo","outputs":[]}]
            """);
        var ev = abi.Events[0];
        Assert.Equal("Event(uint256,bytes32)", ev.Signature);
        Assert.Equal(Keccak.Hash("Event(uint256,bytes32)"), ev.Topic0);
        var b = H("0x12345678901234567890123456789012").Concat(new byte[16]).ToArray();
        var values = ev.DecodeLog([ev.Topic0, ev.EncodeTopic(0, 7)], b);
        AssertEqual(new object?[] { 7, b }, values);
        Assert.Same(ev, abi.FindEvent(ev.Topic0));
        Assert.Same(abi.Events[1], abi.FindEvent(Keccak.Hash("Event2(uint256,bytes32)")));
    }

    [Fact]
    public void Spec_tuple_json_example_parses_to_the_canonical_signature()
    {
        // docs/abi-spec.rst "Handling tuple types": f(S memory, T memory, uint) with S { uint a; uint[] b; T[] c; } T { uint x; uint y; }
        var abi = ContractAbi.Parse("""
            [{"name":"f","type":"function","inputs":[
               {"name":"s","type":"tuple","components":[{"name":"a","type":"uint256"},{"name":"b","type":"uint256[]"},
                 {"name":"c","type":"tuple[]","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]}]},
               {"name":"t","type":"tuple","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]},
               {"name":"a","type":"uint256"}],"outputs":[]}]
            """);
        var f = abi.GetFunction("f");
        Assert.Equal("f((uint256,uint256[],(uint256,uint256)[]),(uint256,uint256),uint256)", f.Signature);
        Assert.Equal(["a", "b", "c"], f.Inputs[0].Components!.Select(c => c.Name));
        Assert.Equal(["x", "y"], f.Inputs[0].Components![2].Components!.Select(c => c.Name));
        var s = new object?[] { 1, new[] { 2, 3 }, new object?[] { new object?[] { 4, 5 }, new object?[] { 6, 7 } } };
        var args = new object?[] { s, new object?[] { 8, 9 }, 10 };
        AssertEqual(args, f.DecodeInput(f.EncodeCall(args)));
    }
}
