using System.Numerics;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Signer.Fast;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Ethereum.Tests.Signer;

/// <summary>
/// The hand-written secp256k1 arithmetic against independent references: System.Numerics.BigInteger for the field
/// and scalar arithmetic, BouncyCastle for k·G, RFC 6979 and whole signatures.
/// </summary>
public class FastSecp256k1Tests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger TwoTo256 = BigInteger.Pow(2, 256);

    private static BigInteger ToBig(in U256 v)
    {
        Span<byte> b = stackalloc byte[32];
        v.WriteBigEndian(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    private static U256 ToU256(BigInteger v)
    {
        Assert.True(v.Sign >= 0 && v < TwoTo256);
        Span<byte> b = stackalloc byte[32];
        b.Clear();
        int count = v.GetByteCount(isUnsigned: true);
        if (!v.IsZero) v.TryWriteBytes(b[(32 - count)..], out _, isUnsigned: true, isBigEndian: true);
        return U256.FromBigEndian(b);
    }

    private static BigInteger RandomBelow(Random random, BigInteger limit)
    {
        var bytes = new byte[32];
        // Mix uniform values with structured ones (runs of 0x00 / 0xFF limbs) that stress carries.
        random.NextBytes(bytes);
        switch (random.Next(4))
        {
            case 0: for (int i = 0; i < 32; i++) if (random.Next(3) == 0) bytes[i] = 0xFF; break;
            case 1: for (int i = 0; i < 32; i++) if (random.Next(3) == 0) bytes[i] = 0x00; break;
        }
        var v = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return v % limit;
    }

    private static IEnumerable<BigInteger> Values(BigInteger modulus, int seed, int count)
    {
        BigInteger[] edges =
        [
            0, 1, 2, 3, 977, 0x1000003D1, ulong.MaxValue, (BigInteger)ulong.MaxValue + 1,
            BigInteger.Pow(2, 128) - 1, BigInteger.Pow(2, 128), BigInteger.Pow(2, 192), BigInteger.Pow(2, 255),
            BigInteger.Pow(2, 255) - 1, modulus - 1, modulus - 2, modulus - 0x1000003D1, modulus / 2, modulus / 2 + 1,
            TwoTo256 - P - 1, TwoTo256 - N - 1,
        ];
        foreach (var e in edges) yield return ((e % modulus) + modulus) % modulus;
        var random = new Random(seed);
        for (int i = 0; i < count; i++) yield return RandomBelow(random, modulus);
    }

    private static IEnumerable<(BigInteger A, BigInteger B)> Pairs(BigInteger modulus, int seed)
    {
        var values = Values(modulus, seed, 3000).ToArray();
        var random = new Random(seed + 1);
        // Every edge against every edge, then random pairs.
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 20; j++)
                yield return (values[i], values[j]);
        for (int i = 0; i < values.Length; i++) yield return (values[i], values[random.Next(values.Length)]);
    }

    // ---- field -------------------------------------------------------------------------------------------

    [Fact]
    public void Field_constants_match()
    {
        Assert.Equal(P, ToBig(Field.P));
        Assert.Equal(TwoTo256 % P, (BigInteger)Field.C);
    }

    [Fact]
    public void Field_mul_sqr_add_sub_negate_match_BigInteger()
    {
        int cases = 0;
        foreach (var (a, b) in Pairs(P, 1))
        {
            var ua = ToU256(a);
            var ub = ToU256(b);
            Field.Mul(ua, ub, out var mul);
            Assert.Equal(a * b % P, ToBig(mul));
            Field.Sqr(ua, out var sqr);
            Assert.Equal(a * a % P, ToBig(sqr));
            Field.Add(ua, ub, out var add);
            Assert.Equal((a + b) % P, ToBig(add));
            Field.Sub(ua, ub, out var sub);
            Assert.Equal(((a - b) % P + P) % P, ToBig(sub));
            Field.Negate(ua, out var neg);
            Assert.Equal((P - a) % P, ToBig(neg));
            cases++;
        }
        Assert.True(cases > 3000);
    }

    [Fact]
    public void Field_operations_allow_aliasing_output_with_inputs()
    {
        foreach (var (a, b) in Pairs(P, 2).Take(500))
        {
            var x = ToU256(a);
            Field.Mul(x, ToU256(b), out x);
            Assert.Equal(a * b % P, ToBig(x));
            x = ToU256(a);
            Field.Sqr(x, out x);
            Assert.Equal(a * a % P, ToBig(x));
            x = ToU256(a);
            Field.Sub(x, x, out x);
            Assert.True(x.IsZero);
        }
    }

    [Fact]
    public void Field_inverse_matches_BigInteger()
    {
        foreach (var a in Values(P, 3, 300))
        {
            Field.Invert(ToU256(a), out var inv);
            Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, P - 2, P), ToBig(inv));
            if (!a.IsZero) Assert.Equal(BigInteger.One, ToBig(inv) * a % P);
        }
    }

    [Fact]
    public void Field_normalize_reduces_values_at_or_above_p()
    {
        foreach (var v in new[] { P, P + 1, TwoTo256 - 1, P - 1, BigInteger.Zero, P + 0x1000003D0 })
        {
            Field.Normalize(ToU256(v), out var r);
            Assert.Equal(v % P, ToBig(r));
        }
    }

    // ---- scalars mod n -----------------------------------------------------------------------------------

    [Fact]
    public void Scalar_constants_match()
    {
        Assert.Equal(N, ToBig(Scalar.N));
        Assert.Equal(N / 2, ToBig(Scalar.HalfN));
        Assert.Equal(N, new BigInteger(ReferenceSecp256k1Signer.N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true));
    }

    [Fact]
    public void Scalar_mul_sqr_add_negate_match_BigInteger()
    {
        int cases = 0;
        foreach (var (a, b) in Pairs(N, 4))
        {
            var ua = ToU256(a);
            var ub = ToU256(b);
            Scalar.Mul(ua, ub, out var mul);
            Assert.Equal(a * b % N, ToBig(mul));
            Scalar.Sqr(ua, out var sqr);
            Assert.Equal(a * a % N, ToBig(sqr));
            Scalar.Add(ua, ub, out var add);
            Assert.Equal((a + b) % N, ToBig(add));
            Scalar.Negate(ua, out var neg);
            Assert.Equal((N - a) % N, ToBig(neg));
            Assert.Equal(a > N / 2, Scalar.IsHigh(ua));
            Assert.Equal(a > 0, Scalar.IsValidNonZero(ua));
            cases++;
        }
        Assert.True(cases > 3000);
    }

    [Fact]
    public void Scalar_reduce_once_handles_all_256_bit_values()
    {
        foreach (var v in Values(TwoTo256, 5, 2000).Concat([N, N + 1, TwoTo256 - 1, N - 1]))
        {
            ulong overflowed = Scalar.ReduceOnce(ToU256(v), out var r);
            Assert.Equal(v % N, ToBig(r));
            Assert.Equal(v >= N ? 1UL : 0UL, overflowed);
            Assert.Equal(v >= N, !Scalar.IsValidNonZero(ToU256(v)) && !v.IsZero);
        }
    }

    [Fact]
    public void Scalar_inverse_matches_BigInteger()
    {
        foreach (var a in Values(N, 6, 300).Where(v => !v.IsZero))
        {
            Scalar.Invert(ToU256(a), out var inv);
            Assert.Equal(BigInteger.ModPow(a, N - 2, N), ToBig(inv));
        }
    }

    // ---- k·G ---------------------------------------------------------------------------------------------

    public static TheoryData<string> SpecialScalars() => new()
    {
        "1", "2", "3", "f", "10", "11", "ff", "100",
        "1000000000000000000000000000000000000000000000000000000000000000",
        "f000000000000000000000000000000000000000000000000000000000000000",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140", // n − 1
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd036413f", // n − 2
        "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", // n / 2
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
    };

    [Theory]
    [MemberData(nameof(SpecialScalars))]
    public void Base_multiplication_matches_BouncyCastle_for_special_scalars(string hex) =>
        AssertBaseMultiplication(BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber));

    [Fact]
    public void Base_multiplication_matches_BouncyCastle_for_random_scalars()
    {
        foreach (var k in Values(N, 7, 300).Where(v => !v.IsZero)) AssertBaseMultiplication(k);
    }

    private static void AssertBaseMultiplication(BigInteger k)
    {
        var point = BaseMultiplier.Multiply(ToU256(k));
        var expected = ReferenceSecp256k1Signer.MultiplyBase(new BcBigInteger(1, k.ToByteArray(isUnsigned: true, isBigEndian: true)));
        Assert.Equal(expected.AffineXCoord.ToBigInteger().ToString(16), ToBig(point.X).ToString("x").TrimStart('0').PadLeft(1, '0'));
        Assert.Equal(expected.AffineYCoord.ToBigInteger().ToString(16), ToBig(point.Y).ToString("x").TrimStart('0').PadLeft(1, '0'));
        // And the point is on the curve: y² = x³ + 7.
        var x = ToBig(point.X);
        var y = ToBig(point.Y);
        Assert.Equal((x * x * x + 7) % P, y * y % P);
    }

    // ---- RFC 6979 and signatures -------------------------------------------------------------------------

    [Fact]
    public void Rfc6979_nonce_matches_BouncyCastle()
    {
        var random = new Random(8);
        Span<byte> state = stackalloc byte[Rfc6979.StateSize];
        for (int i = 0; i < 300; i++)
        {
            var d = RandomBelow(random, N - 1) + 1;
            var hash = new byte[32];
            random.NextBytes(hash);
            if (i % 10 == 0) hash.AsSpan().Fill(0xFF); // hash ≥ n: bits2octets reduces it
            var calc = new HMacDsaKCalculator(new Sha256Digest());
            calc.Init(ReferenceSecp256k1Signer.N, new BcBigInteger(1, d.ToByteArray(isUnsigned: true, isBigEndian: true)), hash);
            var expected = new BigInteger(calc.NextK().ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

            Scalar.ReduceOnce(U256.FromBigEndian(hash), out var z);
            var rfc = new Rfc6979(state, ToU256(d), z);
            rfc.Next(out var k);
            Assert.Equal(expected, ToBig(k));
        }
    }

    [Fact]
    public void Rfc6979_matches_the_published_secp256k1_test_vector()
    {
        // Widely used secp256k1 RFC 6979 vector (private key 1, message "Satoshi Nakamoto", SHA-256).
        var hash = System.Security.Cryptography.SHA256.HashData("Satoshi Nakamoto"u8);
        Scalar.ReduceOnce(U256.FromBigEndian(hash), out var z);
        Span<byte> state = stackalloc byte[Rfc6979.StateSize];
        var rfc = new Rfc6979(state, new U256(1, 0, 0, 0), z);
        rfc.Next(out var k);
        Assert.Equal("0x8f8a276c19f4149656b280621e358cce24f5f52542772691ee69063b74f15d15", k.ToString());
    }

    [Fact]
    public void Signatures_are_identical_to_the_BouncyCastle_reference()
    {
        var random = new Random(9);
        for (int i = 0; i < 500; i++)
        {
            var keyBytes = ToBytes(RandomBelow(random, N - 1) + 1);
            if (i == 0) keyBytes = ToBytes(1);
            if (i == 1) keyBytes = ToBytes(N - 1);
            var hash = new byte[32];
            random.NextBytes(hash);
            if (i == 2) hash.AsSpan().Fill(0xFF);
            if (i == 3) hash.AsSpan().Clear();

            var (r, s, recId) = ReferenceSecp256k1Signer.Sign(keyBytes, hash);
            var key = new EthECKey(keyBytes);
            var signature = key.Sign(hash);
            Assert.Equal(Convert.ToHexString(r), Convert.ToHexString(signature.R));
            Assert.Equal(Convert.ToHexString(s), Convert.ToHexString(signature.S));
            Assert.Equal(recId, signature.RecoveryId);
            Assert.True(signature.IsLowS);
        }
    }

    [Fact]
    public void Public_key_matches_BouncyCastle()
    {
        var random = new Random(10);
        for (int i = 0; i < 100; i++)
        {
            var d = RandomBelow(random, N - 1) + 1;
            var expected = ReferenceSecp256k1Signer.MultiplyBase(new BcBigInteger(1, ToBytes(d))).GetEncoded(false);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(new EthECKey(ToBytes(d)).GetPubKey()));
        }
    }

    private static byte[] ToBytes(BigInteger v)
    {
        var b = new byte[32];
        if (!v.IsZero) v.TryWriteBytes(b.AsSpan(32 - v.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return b;
    }
}

public class BinaryInverseTests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 32) - 977;
    private static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    private static BigInteger ToBig(in U256 v)
    {
        Span<byte> b = stackalloc byte[32];
        v.WriteBigEndian(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    private static U256 ToU256(BigInteger v)
    {
        var b = new byte[32];
        if (!v.IsZero) v.TryWriteBytes(b.AsSpan(32 - v.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return U256.FromBigEndian(b);
    }

    private static IEnumerable<BigInteger> Inputs(BigInteger m, int seed)
    {
        foreach (var e in new[] { BigInteger.One, 2, 3, m - 1, m - 2, m / 2, m / 2 + 1, BigInteger.Pow(2, 255), BigInteger.Pow(2, 128) - 1 }) yield return e;
        var random = new Random(seed);
        var bytes = new byte[32];
        for (int i = 0; i < 1000; i++)
        {
            random.NextBytes(bytes);
            var v = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) % m;
            if (!v.IsZero) yield return v;
        }
    }

    [Fact]
    public void Vartime_and_blinded_inverse_mod_p_match_BigInteger()
    {
        foreach (var a in Inputs(P, 11))
        {
            var expected = BigInteger.ModPow(a, P - 2, P);
            BinaryInverse.InvertVartime(ToU256(a), Field.P, out var r1);
            Assert.Equal(expected, ToBig(r1));
            Field.InvertFast(ToU256(a), out var r2);
            Assert.Equal(expected, ToBig(r2));
        }
    }

    [Fact]
    public void Vartime_and_blinded_inverse_mod_n_match_BigInteger()
    {
        foreach (var a in Inputs(N, 12))
        {
            var expected = BigInteger.ModPow(a, N - 2, N);
            BinaryInverse.InvertVartime(ToU256(a), Scalar.N, out var r1);
            Assert.Equal(expected, ToBig(r1));
            Scalar.InvertFast(ToU256(a), out var r2);
            Assert.Equal(expected, ToBig(r2));
        }
    }
}
