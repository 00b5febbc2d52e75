using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Signer.Fast;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Benchmarks;

/// <summary>
/// Where a signature's time goes: nonce derivation, k·G, and the scalar arithmetic — the allocation-free
/// implementation (Fast*) next to the BouncyCastle pieces it replaced (Bc*).
/// </summary>
[MemoryDiagnoser]
public class SigningPartsBenchmarks
{
    private static readonly byte[] KeyBytes = Convert.FromHexString("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private readonly BcBigInteger _k = new(1, KeyBytes);
    private readonly U256 _fastK = U256.FromBigEndian(KeyBytes);
    private readonly EthECKey _key = new(KeyBytes);
    private readonly byte[] _hash = Convert.FromHexString("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    private readonly byte[] _rs = new byte[64];
    private static readonly FixedPointCombMultiplier BcMultiplier = new();

    // ---- fast path -----------------------------------------------------------------------------------------

    [Benchmark]
    public ulong FastBaseMultiply() => BaseMultiplier.Multiply(_fastK).X.L0;

    [Benchmark]
    public ulong FastRfc6979Nonce()
    {
        Scalar.ReduceOnce(U256.FromBigEndian(_hash), out var z);
        Span<byte> state = stackalloc byte[Rfc6979.StateSize];
        var rfc = new Rfc6979(state, _fastK, z);
        rfc.Next(out var k);
        return k.L0;
    }

    /// <summary>k⁻¹ mod n as signing does it: blinded binary extended GCD.</summary>
    [Benchmark]
    public ulong FastScalarInverse()
    {
        Scalar.InvertFast(_fastK, out var r);
        return r.L0;
    }

    /// <summary>k⁻¹ mod n by Fermat (4-bit window), for comparison.</summary>
    [Benchmark]
    public ulong FastScalarInverseFermat()
    {
        Scalar.Invert(_fastK, out var r);
        return r.L0;
    }

    /// <summary>Z⁻¹ mod p as k·G's final normalisation does it: blinded binary extended GCD.</summary>
    [Benchmark]
    public ulong FastFieldInverse()
    {
        Field.InvertFast(_fastK, out var r);
        return r.L0;
    }

    /// <summary>Z⁻¹ mod p by Fermat (libsecp256k1's addition chain), for comparison.</summary>
    [Benchmark]
    public ulong FastFieldInverseFermat()
    {
        Field.Invert(_fastK, out var r);
        return r.L0;
    }

    [Benchmark]
    public int FastSignHash() => _key.SignCore(_hash, _rs.AsSpan(0, 32), _rs.AsSpan(32, 32));

    // ---- BouncyCastle (the previous implementation) --------------------------------------------------------

    [Benchmark]
    public object BcBaseMultiply() => BcMultiplier.Multiply(Secp256k1.G, _k).Normalize();

    [Benchmark]
    public object BcRfc6979Nonce()
    {
        var calc = new HMacDsaKCalculator(new Sha256Digest());
        calc.Init(Secp256k1.N, _k, _hash);
        return calc.NextK();
    }

    [Benchmark]
    public object BcModInverse() => _k.ModInverse(Secp256k1.N);
}
