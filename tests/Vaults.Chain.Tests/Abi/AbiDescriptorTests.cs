using System.Numerics;
using System.Text;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;
using static Vaults.Ethereum.Tests.Abi.AbiTestValues;

namespace Vaults.Ethereum.Tests.Abi;

public class AbiDescriptorTests
{
    private const string VaultAbi = """
        [
          {"type":"constructor","stateMutability":"nonpayable","inputs":[{"name":"oracle","type":"address","internalType":"contract IOracle"},{"name":"fee","type":"uint16","internalType":"uint16"}]},
          {"type":"fallback","stateMutability":"payable"},
          {"type":"receive","stateMutability":"payable"},
          {"type":"function","name":"transfer","stateMutability":"nonpayable","inputs":[{"name":"to","type":"address"},{"name":"amount","type":"uint256"}],"outputs":[{"name":"","type":"bool"}]},
          {"type":"function","name":"positions","stateMutability":"view","inputs":[{"name":"owner","type":"address"}],
           "outputs":[{"name":"","type":"tuple[]","internalType":"struct MarginVault.Position[]","components":[
              {"name":"size","type":"uint256","internalType":"uint256"},{"name":"pnl","type":"int256","internalType":"int256"},{"name":"market","type":"address","internalType":"address"}]}]},
          {"type":"function","name":"deposit","stateMutability":"payable","inputs":[],"outputs":[]},
          {"type":"function","name":"deposit","stateMutability":"payable","inputs":[{"name":"to","type":"address"}],"outputs":[]},
          {"type":"event","name":"Transfer","anonymous":false,"inputs":[{"name":"from","type":"address","indexed":true},{"name":"to","type":"address","indexed":true},{"name":"value","type":"uint256","indexed":false}]},
          {"type":"event","name":"Note","anonymous":false,"inputs":[{"name":"tag","type":"string","indexed":true},{"name":"ids","type":"uint256[]","indexed":true},{"name":"body","type":"string","indexed":false}]},
          {"type":"event","name":"Anon","anonymous":true,"inputs":[{"name":"a","type":"uint256","indexed":true}]},
          {"type":"error","name":"InsufficientBalance","inputs":[{"name":"available","type":"uint256"},{"name":"required","type":"uint256"}]}
        ]
        """;

    private static readonly ContractAbi Abi = ContractAbi.Parse(VaultAbi);
    private static readonly Address Alice = "0x00000000000000000000000000000000000a11ce";
    private static readonly Address Bob = "0x0000000000000000000000000000000000000b0b";

    [Fact]
    public void Parses_every_entry_kind_and_ignores_fallback_and_receive()
    {
        Assert.Equal(["transfer", "positions", "deposit", "deposit"], Abi.Functions.Select(f => f.Name));
        Assert.Equal(["Transfer", "Note", "Anon"], Abi.Events.Select(e => e.Name));
        Assert.Equal("InsufficientBalance", Assert.Single(Abi.Errors).Name);
        Assert.Equal(["oracle", "fee"], Abi.Constructor.Inputs.Select(p => p.Name));
        Assert.Equal("contract IOracle", Abi.Constructor.Inputs[0].InternalType);
    }

    [Fact]
    public void Tuple_components_keep_names_and_internal_types()
    {
        var output = Abi.GetFunction("positions").Outputs[0];
        Assert.Equal("(uint256,int256,address)[]", output.Type.CanonicalName);
        Assert.Equal("struct MarginVault.Position[]", output.InternalType);
        Assert.Equal(["size", "pnl", "market"], output.Components!.Select(c => c.Name));
        Assert.True(Abi.GetFunction("positions").IsReadOnly);
        Assert.Equal("view", Abi.GetFunction("positions").StateMutability);
    }

    [Fact]
    public void Function_call_round_trip()
    {
        var transfer = Abi.GetFunction("transfer");
        Assert.Equal("transfer(address,uint256)", transfer.Signature);
        Assert.Equal("a9059cbb", transfer.Selector.ToHex());
        var data = transfer.EncodeCall([Bob, 1000]);
        Assert.Equal("0xa9059cbb" + Word("b0b") + Word("3e8"), ToHex0x(data));
        AssertEqual(new object?[] { Bob, 1000 }, transfer.DecodeInput(data));
        Assert.Equal([true], transfer.DecodeOutput(AbiEncoder.Encode(BoolType.Instance, true)));
        Assert.Throws<AbiDecodingException>(() => transfer.DecodeInput(H("0xdeadbeef")));
        Assert.Same(transfer, Abi.FindFunction(transfer.Selector));
    }

    [Fact]
    public void Outputs_with_tuple_arrays_decode()
    {
        var positions = Abi.GetFunction("positions");
        var value = new object?[] { new object?[] { new object?[] { 5, -3, Alice }, new object?[] { 7, 9, Bob } } };
        var encoded = AbiEncoder.Encode(positions.Outputs.Select(o => o.Type).ToArray(), value);
        AssertEqual(value, positions.DecodeOutput(encoded));
    }

    [Fact]
    public void GetFunction_handles_overloads()
    {
        Assert.Contains("overloaded", Assert.Throws<InvalidOperationException>(() => Abi.GetFunction("deposit")).Message);
        Assert.Equal("deposit(address)", Abi.GetFunction("deposit(address)").Signature);
        Assert.Throws<KeyNotFoundException>(() => Abi.GetFunction("nope"));
    }

    [Fact]
    public void Transfer_log_decodes_in_declaration_order()
    {
        var ev = Abi.GetEvent("Transfer");
        Assert.Equal("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", ev.Topic0.ToHex());
        var topics = new[] { ev.Topic0, ev.EncodeTopic(0, Alice), ev.EncodeTopic(1, Bob.ToString()) };
        Assert.Equal(Word("a11ce"), topics[1].ToHex());
        var values = ev.DecodeLog(topics, AbiEncoder.Encode(new UIntType(256), 42));
        AssertEqual(new object?[] { Alice, Bob, 42 }, values);
        Assert.Same(ev, Abi.FindEvent(topics[0]));
        Assert.Throws<AbiDecodingException>(() => ev.DecodeLog([topics[0], topics[1]], AbiEncoder.Encode(new UIntType(256), 42)));
        Assert.Throws<AbiDecodingException>(() => ev.DecodeLog([new byte[32], topics[1], topics[2]], AbiEncoder.Encode(new UIntType(256), 42)));
    }

    [Fact]
    public void Indexed_dynamic_values_are_hashes()
    {
        var ev = Abi.GetEvent("Note");
        var tagTopic = ev.EncodeTopic(0, "margin");
        Assert.Equal(Keccak.Hash(Encoding.UTF8.GetBytes("margin")), tagTopic);
        // Arrays are hashed over their elements, each padded to 32 bytes, without a length (spec: indexed event encoding).
        var idsTopic = ev.EncodeTopic(1, new[] { 1, 2 });
        Assert.Equal(Keccak.Hash(H(Word("1") + Word("2"))), idsTopic);
        var values = ev.DecodeLog([ev.Topic0, tagTopic, idsTopic], AbiEncoder.Encode(StringType.Instance, "hello"));
        Assert.Equal(tagTopic, values[0]);
        Assert.Equal(idsTopic, values[1]);
        Assert.Equal("hello", values[2]);
        Assert.True(AbiEvent.IsHashedWhenIndexed(StringType.Instance));
        Assert.False(AbiEvent.IsHashedWhenIndexed(new FixedBytesType(32)));
    }

    [Fact]
    public void Indexed_struct_topic_pads_nested_strings()
    {
        var ev = new AbiEvent("S", [new AbiParameter("s", AbiType.Parse("(string,uint8)"), Indexed: true)]);
        var expected = Keccak.Hash(H("6162".PadRight(64, '0') + Word("7")));
        Assert.Equal(expected, ev.EncodeTopic(0, new object?[] { "ab", 7 }));
    }

    [Fact]
    public void Anonymous_events_have_no_topic0()
    {
        var ev = Abi.GetEvent("Anon");
        Assert.True(ev.Anonymous);
        AssertEqual(new object?[] { 9 }, ev.DecodeLog([ev.EncodeTopic(0, 9)], []));
        Assert.Null(Abi.FindEvent(ev.Topic0));
    }

    [Fact]
    public void Error_decodes_with_selector_check()
    {
        var error = Abi.FindError(H("0xcf479181"))!;
        Assert.Equal("InsufficientBalance(uint256,uint256)", error.Signature);
        var data = error.Encode([5, 10]);
        AssertEqual(new object?[] { 5, 10 }, error.Decode(data));
        Assert.Same(error, Abi.FindError(data));
        Assert.Throws<AbiDecodingException>(() => error.Decode(H("0x08c379a0")));
        Assert.Null(Abi.FindError(H("0x01020304")));
    }

    [Fact]
    public void Constructor_appends_arguments_to_bytecode()
    {
        var bytecode = H("0x6080604052");
        var data = Abi.Constructor.EncodeDeployment(bytecode, [Alice, 30]);
        Assert.Equal("0x6080604052" + Word("a11ce") + Word("1e"), ToHex0x(data));
        AssertEqual(new object?[] { Alice, 30 }, Abi.Constructor.DecodeArguments(data.AsSpan(5)));
        Assert.Contains("'fee'", Assert.Throws<AbiEncodingException>(() => Abi.Constructor.EncodeDeployment(bytecode, [Alice, 70000])).Message);
        Assert.Empty(ContractAbi.Parse("[]").Constructor.Inputs);
    }

    [Fact]
    public void Malformed_json_abis_are_reported()
    {
        Assert.Throws<FormatException>(() => ContractAbi.Parse("{"));
        Assert.Throws<FormatException>(() => ContractAbi.Parse("{\"x\":1}"));
        Assert.Throws<AbiTypeException>(() => ContractAbi.Parse("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"uint7"}]}]"""));
        Assert.Throws<AbiTypeException>(() => ContractAbi.Parse("""[{"type":"function","name":"f","inputs":[{"name":"a","type":"tuple"}]}]"""));
        // Hardhat artifacts wrap the array in {"abi": [...]}.
        Assert.Single(ContractAbi.Parse("""{"contractName":"X","abi":[{"type":"function","name":"f","inputs":[],"outputs":[]}]}""").Functions);
    }

    [Fact]
    public void Formatter_renders_values()
    {
        Assert.Equal("115792089237316195423570985008687907853269984665640564039457584007913129639935", AbiValueFormatter.Format((BigInteger.One << 256) - 1));
        Assert.Equal("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", AbiValueFormatter.Format((Address)"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        Assert.Equal("0xdead", AbiValueFormatter.Format(new byte[] { 0xde, 0xad }));
        Assert.Equal("[1, 2]", AbiValueFormatter.Format(new object?[] { new BigInteger(1), new BigInteger(2) }));
        Assert.Equal("(1, \"a\\\"b\", true, [0x01])", AbiValueFormatter.Format(new object?[] { new BigInteger(1), "a\"b", true, new object?[] { new byte[] { 1 } } }, AbiType.Parse("(uint8,string,bool,bytes[])")));
        Assert.Equal("null", AbiValueFormatter.Format(null));
    }
}
