using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// Process-wide secp256k1 domain objects.
/// <para>
/// <see cref="CustomNamedCurves"/> gives the curve with a hand-written field (SecP256K1Field) and the GLV endomorphism,
/// several times faster than <c>SecNamedCurves</c>' generic Fp arithmetic. The fixed-base comb multiplier stores its
/// precomputed table on the generator point instance, so we keep exactly one <see cref="G"/> for the whole process and
/// pay the precomputation once (the static constructor warms it up so the first signature is not an outlier).
/// </para>
/// </summary>
internal static class Secp256k1
{
    public static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    public static readonly ECCurve Curve = Parameters.Curve;
    public static readonly ECPoint G = Parameters.G;
    public static readonly BigInteger N = Parameters.N;
    public static readonly BigInteger HalfN = N.ShiftRight(1);
    public static readonly BigInteger P = Curve.Field.Characteristic;
    public static readonly ECMultiplier BaseMultiplier = new FixedPointCombMultiplier();

    static Secp256k1()
    {
        // Builds and caches the comb table on G now.
        BaseMultiplier.Multiply(G, BigInteger.One);
    }

    /// <summary>k·G with the cached comb table, normalised to affine coordinates.</summary>
    public static ECPoint MultiplyBase(BigInteger k) => BaseMultiplier.Multiply(G, k).Normalize();

    /// <summary>Unsigned big-endian 32 bytes (left-padded).</summary>
    public static byte[] To32Bytes(BigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length == 32) return bytes;
        if (bytes.Length > 32) throw new ArgumentOutOfRangeException(nameof(value), "Value does not fit in 32 bytes.");
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }
}
