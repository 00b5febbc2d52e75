using System.Numerics;
using BenchmarkDotNet.Attributes;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Vaults.Benchmarks;

/// <summary>
/// Nethereum's attribute-driven ABI encoding and decoding (what the generated bindings use) of
/// (address,uint256,bool,(uint256,int256,address)[],string,bytes) with 3 tuples, a 30-character string and 100 bytes: the ethers bench's case (b).
/// </summary>
[MemoryDiagnoser]
public class AbiBenchmarks
{
    [FunctionOutput]
    public class Mixed : IFunctionOutputDTO
    {
        [Parameter("address", "who", 1)] public string Who { get; set; } = "";
        [Parameter("uint256", "amount", 2)] public BigInteger Amount { get; set; }
        [Parameter("bool", "flag", 3)] public bool Flag { get; set; }
        [Parameter("tuple[]", "legs", 4)] public List<Leg> Legs { get; set; } = [];
        [Parameter("string", "note", 5)] public string Note { get; set; } = "";
        [Parameter("bytes", "blob", 6)] public byte[] Blob { get; set; } = [];
    }

    public class Leg
    {
        [Parameter("uint256", "id", 1)] public BigInteger Id { get; set; }
        [Parameter("int256", "delta", 2)] public BigInteger Delta { get; set; }
        [Parameter("address", "owner", 3)] public string Owner { get; set; } = "";
    }

    private readonly FunctionCallEncoder _encoder = new();
    private Mixed _value = null!;
    private string _encoded = "";

    [GlobalSetup]
    public void Setup()
    {
        const string a = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        _value = new Mixed
        {
            Who = a, Amount = (BigInteger.One << 200) + 12345, Flag = true,
            Legs =
            [
                new() { Id = 1_000_000, Delta = -5, Owner = a },
                new() { Id = (BigInteger.One << 128) - 1, Delta = -(BigInteger.One << 100), Owner = "0x0000000000000000000000000000000000000000" },
                new() { Id = 42, Delta = 42, Owner = a },
            ],
            Note = "thirty characters of text here",
            Blob = [.. Enumerable.Range(0, 100).Select(i => (byte)i)],
        };
        _encoded = Encode().ToHex(prefix: true);
    }

    [Benchmark]
    public byte[] Encode() => _encoder.EncodeParametersFromTypeAttributes(typeof(Mixed), _value);

    [Benchmark]
    public Mixed Decode() => new Mixed().DecodeOutput(_encoded);

    [Benchmark(Baseline = true)]
    public Mixed RoundTrip() => new Mixed().DecodeOutput(Encode().ToHex(prefix: true));
}
