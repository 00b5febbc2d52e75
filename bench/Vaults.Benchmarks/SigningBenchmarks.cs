using System.Numerics;
using BenchmarkDotNet.Attributes;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Benchmarks;

/// <summary>
/// The keeper's hot path: build, sign and serialise an EIP-1559 transaction (target ≥ 7,500/s on one core),
/// plus the Keccak-256 it leans on.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly EthECKey _key = new("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private readonly Address _vault = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private readonly byte[] _calldata = new byte[68]; // selector + two words, e.g. transfer(address,uint256)
    private readonly byte[] _hash = new byte[32];
    private readonly byte[] _kilobyte = new byte[1024];
    private BigInteger _nonce;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_calldata);
        new Random(7).NextBytes(_kilobyte);
        new Random(9).NextBytes(_hash);
    }

    [Benchmark]
    public byte[] SignEip1559Transaction()
    {
        var tx = new Transaction1559(
            ChainId: 31337, Nonce: _nonce++, MaxPriorityFeePerGas: 1_000_000_000, MaxFeePerGas: 30_000_000_000,
            GasLimit: 120_000, To: _vault, Value: BigInteger.Zero, Data: _calldata);
        return TransactionSigner.Sign(tx, _key).Raw;
    }

    [Benchmark]
    public byte[] Keccak256_32B() => Keccak.Hash(_hash);

    [Benchmark]
    public byte[] Keccak256_1KB() => Keccak.Hash(_kilobyte);
}
