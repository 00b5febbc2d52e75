using System.Numerics;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// A secp256k1 ECDSA signature in Ethereum's shape: <see cref="R"/> and <see cref="S"/> as 32-byte big-endian arrays,
/// the recovery id (0 or 1; 2/3 only in the astronomically rare case r overflowed n) and the <see cref="V"/> value
/// the surrounding format wants (27/28 for personal messages, chainId·2+35+recId for EIP-155, the bare y-parity for
/// typed transactions).
/// </summary>
public sealed class EthECDSASignature
{
    private readonly byte[] _r;
    private readonly byte[] _s;

    /// <summary>Creates a signature from its components.</summary>
    /// <param name="r">32 bytes, big-endian (shorter input is left-padded).</param>
    /// <param name="s">32 bytes, big-endian (shorter input is left-padded).</param>
    /// <param name="recoveryId">0..3.</param>
    /// <param name="v">The V value for the target format.</param>
    public EthECDSASignature(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, int recoveryId, BigInteger v)
    {
        if (r.Length > 32) throw new ArgumentException($"Signature R must be at most 32 bytes, got {r.Length}.", nameof(r));
        if (s.Length > 32) throw new ArgumentException($"Signature S must be at most 32 bytes, got {s.Length}.", nameof(s));
        if (recoveryId is < 0 or > 3) throw new ArgumentOutOfRangeException(nameof(recoveryId), recoveryId, "Recovery id must be 0..3.");
        _r = new byte[32];
        _s = new byte[32];
        r.CopyTo(_r.AsSpan(32 - r.Length));
        s.CopyTo(_s.AsSpan(32 - s.Length));
        RecoveryId = recoveryId;
        V = v;
    }

    /// <summary>R, 32 bytes big-endian (a copy).</summary>
    public byte[] R => (byte[])_r.Clone();

    /// <summary>S, 32 bytes big-endian (a copy).</summary>
    public byte[] S => (byte[])_s.Clone();

    internal ReadOnlySpan<byte> RSpan => _r;
    internal ReadOnlySpan<byte> SSpan => _s;

    /// <summary>The recovery id: bit 0 is the parity of R's y coordinate, bit 1 set if R.x ≥ n.</summary>
    public int RecoveryId { get; }

    /// <summary>The V value for the format this signature was made for.</summary>
    public BigInteger V { get; }

    /// <summary>True when S ≤ n/2, the only form Ethereum accepts since Homestead (EIP-2).</summary>
    public bool IsLowS => new Org.BouncyCastle.Math.BigInteger(1, _s).CompareTo(Secp256k1.HalfN) <= 0;

    /// <summary>The same signature with another V (e.g. when re-targeting a recovery id to EIP-155).</summary>
    public EthECDSASignature WithV(BigInteger v) => new(_r, _s, RecoveryId, v);

    /// <summary>The 65-byte r ‖ s ‖ v form used by <c>eth_sign</c>/<c>personal_sign</c> (v as one byte).</summary>
    public byte[] To65Bytes()
    {
        if (V < 0 || V > 255) throw new InvalidOperationException($"V = {V} does not fit in one byte; the 65-byte form needs V as 27/28 or 0/1.");
        var result = new byte[65];
        _r.CopyTo(result, 0);
        _s.CopyTo(result, 32);
        result[64] = (byte)V;
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"r={HexConvert.ToHex(_r)} s={HexConvert.ToHex(_s)} v={V}";
}
