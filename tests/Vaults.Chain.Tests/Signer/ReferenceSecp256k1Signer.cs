using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Ethereum.Tests.Signer;

/// <summary>
/// The previous, BouncyCastle-based signing implementation, kept verbatim (test-only) as the reference the fast
/// path must match bit for bit: RFC 6979 via <see cref="HMacDsaKCalculator"/>, k·G via
/// <see cref="FixedPointCombMultiplier"/>, scalar arithmetic with BC BigInteger.
/// </summary>
internal static class ReferenceSecp256k1Signer
{
    public static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    public static readonly ECPoint G = Parameters.G;
    public static readonly BcBigInteger N = Parameters.N;
    public static readonly BcBigInteger HalfN = N.ShiftRight(1);
    private static readonly ECMultiplier Multiplier = new FixedPointCombMultiplier();

    public static ECPoint MultiplyBase(BcBigInteger k) => Multiplier.Multiply(G, k).Normalize();

    public static (byte[] R, byte[] S, int RecoveryId) Sign(byte[] privateKey, byte[] hash)
    {
        var d = new BcBigInteger(1, privateKey);
        var n = N;
        var e = new BcBigInteger(1, hash);
        var kCalculator = new HMacDsaKCalculator(new Sha256Digest());
        kCalculator.Init(n, d, hash);
        while (true)
        {
            var k = kCalculator.NextK();
            var point = MultiplyBase(k);
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(n);
            if (r.SignValue == 0) continue;
            var s = k.ModInverse(n).Multiply(e.Add(d.Multiply(r))).Mod(n);
            if (s.SignValue == 0) continue;
            int recId = point.AffineYCoord.TestBitZero() ? 1 : 0;
            if (x.CompareTo(n) >= 0) recId |= 2;
            if (s.CompareTo(HalfN) > 0)
            {
                s = n.Subtract(s);
                recId ^= 1;
            }
            return (To32(r), To32(s), recId);
        }
    }

    public static byte[] To32(BcBigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }
}
