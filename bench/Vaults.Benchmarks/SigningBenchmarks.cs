using System.Numerics;
using BenchmarkDotNet.Attributes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Util;
using Nethereum.Web3.Accounts;

namespace Vaults.Benchmarks;

/// <summary>
/// Nethereum's EIP-1559 signing of a typical transaction (68 bytes of calldata, like ERC-20 transfer), through the path every send of the
/// project takes (AccountSignerTransactionManager.SignTransaction), and Nethereum's Keccak-256.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly AccountSignerTransactionManager _signer = new(null, new Account("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 31337), 31337);
    private readonly string _calldata = ("a9059cbb" + new string('1', 128)).EnsureHexPrefix();
    private readonly byte[] _hash = new byte[32];
    private readonly byte[] _kilobyte = new byte[1024];
    private BigInteger _nonce;

    [GlobalSetup]
    public void Setup()
    {
        new Random(7).NextBytes(_kilobyte);
        new Random(9).NextBytes(_hash);
    }

    /// <summary>A fresh transaction each time (a new nonce), signed and serialised.</summary>
    [Benchmark]
    public string SignEip1559Transaction() => _signer.SignTransaction(new TransactionInput
    {
        Type = new HexBigInteger(2), From = _signer.Account.Address, To = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        Nonce = new HexBigInteger(_nonce++), MaxPriorityFeePerGas = new HexBigInteger(1_000_000_000), MaxFeePerGas = new HexBigInteger(30_000_000_000),
        Gas = new HexBigInteger(100_000), Value = new HexBigInteger(0), Data = _calldata,
    });

    [Benchmark]
    public byte[] Keccak256_32B() => Sha3Keccack.Current.CalculateHash(_hash);

    [Benchmark]
    public byte[] Keccak256_1KB() => Sha3Keccack.Current.CalculateHash(_kilobyte);
}
