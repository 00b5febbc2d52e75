using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// Process-wide BouncyCastle secp256k1 domain objects, used for verification and public-key recovery (off the hot
/// path). Signing and k·G run on the allocation-free code in <see cref="Fast"/>.
/// <see cref="CustomNamedCurves"/> gives the curve with a hand-written field (SecP256K1Field) and the GLV endomorphism,
/// several times faster than <c>SecNamedCurves</c>' generic Fp arithmetic.
/// </summary>
internal static class Secp256k1
{
    public static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");
    public static readonly ECCurve Curve = Parameters.Curve;
    public static readonly ECPoint G = Parameters.G;
    public static readonly BigInteger N = Parameters.N;
    public static readonly BigInteger HalfN = N.ShiftRight(1);
    public static readonly BigInteger P = Curve.Field.Characteristic;

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
