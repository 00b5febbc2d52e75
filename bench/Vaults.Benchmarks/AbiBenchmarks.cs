using System.Numerics;
using BenchmarkDotNet.Attributes;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Util;

namespace Vaults.Benchmarks;

/// <summary>
/// Encode + decode round trip of (address,uint256,bool,(uint256,int256,address)[],string,bytes)
/// with 3 tuples, a 30-character string and 100 bytes. Target: at least 7,000 round trips per second on one core.
/// </summary>
[MemoryDiagnoser]
public class AbiBenchmarks
{
    private AbiType[] _types = null!;
    private object?[] _values = null!;
    private byte[] _encoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _types = new[] { "address", "uint256", "bool", "(uint256,int256,address)[]", "string", "bytes" }.Select(AbiType.Parse).ToArray();
        Address a = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        _values =
        [
            a, (BigInteger.One << 200) + 12345, true,
            new object?[]
            {
                new object?[] { new BigInteger(1_000_000), new BigInteger(-5), a },
                new object?[] { (BigInteger.One << 128) - 1, -(BigInteger.One << 100), Address.Zero },
                new object?[] { new BigInteger(42), new BigInteger(42), a },
            },
            "thirty characters of text here",
            Enumerable.Range(0, 100).Select(i => (byte)i).ToArray(),
        ];
        _encoded = AbiEncoder.Encode(_types, _values);
    }

    [Benchmark]
    public byte[] Encode() => AbiEncoder.Encode(_types, _values);

    [Benchmark]
    public object?[] Decode() => AbiDecoder.Decode(_types, _encoded);

    [Benchmark(Baseline = true)]
    public object?[] RoundTrip() => AbiDecoder.Decode(_types, AbiEncoder.Encode(_types, _values));
}
