using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Vaults.Ethereum.Signer;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Benchmarks;

/// <summary>Where a signature's time goes: nonce derivation, k·G, and the scalar arithmetic.</summary>
[MemoryDiagnoser]
public class SigningPartsBenchmarks
{
    private readonly BcBigInteger _k = new(1, Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    private readonly byte[] _hash = Convert.FromHexString("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");

    [Benchmark]
    public object BaseMultiply() => Secp256k1.MultiplyBase(_k);

    [Benchmark]
    public object Rfc6979Nonce()
    {
        var calc = new HMacDsaKCalculator(new Sha256Digest());
        calc.Init(Secp256k1.N, _k, _hash);
        return calc.NextK();
    }

    [Benchmark]
    public object ModInverse() => _k.ModInverse(Secp256k1.N);

    private static readonly System.Numerics.BigInteger NumericsN = new(Secp256k1.N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
    private readonly System.Numerics.BigInteger _numericsK = new(Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"), isUnsigned: true, isBigEndian: true);

    [Benchmark]
    public object FermatInverseNumerics() => System.Numerics.BigInteger.ModPow(_numericsK, NumericsN - 2, NumericsN);
}
