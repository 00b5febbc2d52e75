using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using Vaults.Ethereum.Signer.Fast;
using Vaults.Ethereum.Util;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// A secp256k1 key: a private key (which can sign) or a public key alone (the result of
/// <see cref="RecoverFromSignature(EthECDSASignature, ReadOnlySpan{byte})"/>, which can only be inspected).
/// <para>
/// Signing is RFC 6979 deterministic ECDSA (HMAC-SHA256), normalised to low S, with the recovery id taken from the
/// y parity of the nonce point R (flipped when S is negated). Getting the recovery id this way costs nothing, where
/// the common "try recovery with 0 and 1" approach costs two extra scalar multiplications per signature.
/// </para>
/// <para>
/// Signing and public-key derivation run on the allocation-free secp256k1 code in <see cref="Fast"/> (own field and
/// scalar arithmetic, precomputed comb for k·G); verification and recovery, which are not on the hot path, stay on
/// BouncyCastle.
/// </para>
/// The private key never appears in <see cref="ToString"/> or in any exception message.
/// </summary>
public sealed class EthECKey
{
    private readonly U256 _d;
    private readonly bool _hasPrivateKey;
    private readonly ECPoint _q;
    private byte[]? _publicKey;
    private Address? _address;

    /// <summary>Creates a key from a 32-byte big-endian private key.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes, zero, or not below the curve order n.</exception>
    public EthECKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
            throw new ArgumentException($"A private key must be 32 bytes, got {privateKey.Length}.", nameof(privateKey));
        var d = U256.FromBigEndian(privateKey);
        if (!Scalar.IsValidNonZero(d))
            throw new ArgumentException("Private key is out of range: it must be between 1 and n-1 (the secp256k1 group order).", nameof(privateKey));
        _d = d;
        _hasPrivateKey = true;
        var q = FastEcdsa.PublicKey(d);
        var publicKey = new byte[65];
        publicKey[0] = 0x04;
        q.X.WriteBigEndian(publicKey.AsSpan(1, 32));
        q.Y.WriteBigEndian(publicKey.AsSpan(33, 32));
        _publicKey = publicKey;
        _q = Secp256k1.Curve.CreatePoint(new BcBigInteger(1, publicKey, 1, 32), new BcBigInteger(1, publicKey, 33, 32));
    }

    /// <summary>Creates a key from 64 hex digits, with or without "0x".</summary>
    /// <exception cref="FormatException">Wrong number of digits or a non-hex character (the key itself is never echoed).</exception>
    /// <exception cref="ArgumentException">The key is zero or not below n.</exception>
    public EthECKey(string privateKeyHex) : this(ParsePrivateKeyHex(privateKeyHex)) { }

    private EthECKey(ECPoint publicPoint)
    {
        _q = publicPoint.Normalize();
    }

    /// <summary>Generates a new random key with the OS CSPRNG.</summary>
    public static EthECKey GenerateKey()
    {
        Span<byte> buffer = stackalloc byte[32];
        while (true)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);
            if (Scalar.IsValidNonZero(U256.FromBigEndian(buffer)))
            {
                var key = new EthECKey(buffer);
                buffer.Clear();
                return key;
            }
        }
    }

    /// <summary>True when this key holds a private key and can sign.</summary>
    public bool HasPrivateKey => _hasPrivateKey;

    /// <summary>The 65-byte uncompressed public key (0x04 ‖ X ‖ Y).</summary>
    public byte[] GetPubKey() => (byte[])PublicKeyBytes.Clone();

    /// <summary>The 64-byte public key without the 0x04 prefix (what the address is hashed from).</summary>
    public byte[] GetPubKeyNoPrefix() => PublicKeyBytes.AsSpan(1).ToArray();

    /// <summary>The account address: the last 20 bytes of keccak256(X ‖ Y).</summary>
    public Address GetPublicAddress()
    {
        if (_address is { } cached) return cached;
        Span<byte> hash = stackalloc byte[32];
        Keccak.Hash(PublicKeyBytes.AsSpan(1), hash);
        var address = new Address(hash[12..]);
        _address = address;
        return address;
    }

    /// <summary>The 32-byte private key. Handle with care: this is the secret.</summary>
    /// <exception cref="InvalidOperationException">This is a public-only key.</exception>
    public byte[] GetPrivateKeyAsBytes()
    {
        var bytes = new byte[32];
        RequirePrivate().WriteBigEndian(bytes);
        return bytes;
    }

    private byte[] PublicKeyBytes => _publicKey ??= _q.GetEncoded(false);

    /// <summary>Signs a 32-byte hash; V is set to the recovery id (0/1), which is what typed transactions carry.</summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes.</exception>
    /// <exception cref="InvalidOperationException">This is a public-only key.</exception>
    public EthECDSASignature Sign(ReadOnlySpan<byte> hash)
    {
        Span<byte> rs = stackalloc byte[64];
        int recId = SignCore(hash, rs[..32], rs[32..]);
        return new EthECDSASignature(rs[..32], rs[32..], recId, recId);
    }

    /// <summary>Signs a 32-byte hash with V = 27 + recovery id (the <c>eth_sign</c> / pre-EIP-155 convention, as Nethereum does).</summary>
    public EthECDSASignature SignAndCalculateV(ReadOnlySpan<byte> hash)
    {
        Span<byte> rs = stackalloc byte[64];
        int recId = SignCore(hash, rs[..32], rs[32..]);
        return new EthECDSASignature(rs[..32], rs[32..], recId, 27 + recId);
    }

    /// <summary>Signs a 32-byte hash, writing r and s (32 bytes big-endian each); returns the recovery id. No allocations.</summary>
    internal int SignCore(ReadOnlySpan<byte> hash, Span<byte> r, Span<byte> s)
    {
        if (hash.Length != 32) throw new ArgumentException($"The message hash must be 32 bytes, got {hash.Length}.", nameof(hash));
        return FastEcdsa.Sign(RequirePrivate(), hash, r, s);
    }

    /// <summary>Verifies a signature over a 32-byte hash against this key's public key.</summary>
    public bool Verify(ReadOnlySpan<byte> hash, EthECDSASignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (hash.Length != 32) return false;
        var verifier = new ECDsaSigner();
        verifier.Init(false, new Org.BouncyCastle.Crypto.Parameters.ECPublicKeyParameters(_q,
            new Org.BouncyCastle.Crypto.Parameters.ECDomainParameters(Secp256k1.Curve, Secp256k1.G, Secp256k1.N)));
        return verifier.VerifySignature(hash.ToArray(), new BcBigInteger(1, signature.R), new BcBigInteger(1, signature.S));
    }

    /// <summary>
    /// Recovers the public key that produced <paramref name="signature"/> over <paramref name="hash"/>, using the
    /// signature's recovery id (SEC 1 v2, section 4.1.6).
    /// </summary>
    /// <exception cref="ArgumentException">The hash is not 32 bytes, or r/s are out of range, or no key matches.</exception>
    public static EthECKey RecoverFromSignature(EthECDSASignature signature, ReadOnlySpan<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (hash.Length != 32) throw new ArgumentException($"The message hash must be 32 bytes, got {hash.Length}.", nameof(hash));
        var n = Secp256k1.N;
        var r = new BcBigInteger(1, signature.R);
        var s = new BcBigInteger(1, signature.S);
        if (r.SignValue == 0 || r.CompareTo(n) >= 0) throw new ArgumentException("Signature r is out of range (must be 1..n-1).", nameof(signature));
        if (s.SignValue == 0 || s.CompareTo(n) >= 0) throw new ArgumentException("Signature s is out of range (must be 1..n-1).", nameof(signature));
        int recId = signature.RecoveryId;
        var x = (recId & 2) != 0 ? r.Add(n) : r;
        if (x.CompareTo(Secp256k1.P) >= 0) throw new ArgumentException("Signature recovery id points past the field prime.", nameof(signature));

        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 | (recId & 1));
        Secp256k1.To32Bytes(x).CopyTo(encoded, 1);
        ECPoint rPoint;
        try { rPoint = Secp256k1.Curve.DecodePoint(encoded); }
        catch (ArgumentException) { throw new ArgumentException("Signature r is not the x coordinate of a curve point.", nameof(signature)); }

        var e = new BcBigInteger(1, hash.ToArray());
        var rInv = r.ModInverse(n);
        var u1 = n.Subtract(e).Mod(n).Multiply(rInv).Mod(n);
        var u2 = s.Multiply(rInv).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.G, u1, rPoint, u2).Normalize();
        if (q.IsInfinity) throw new ArgumentException("Signature does not recover to a valid public key.", nameof(signature));
        return new EthECKey(q);
    }

    /// <summary>Recovers the signer's address.</summary>
    public static Address RecoverAddress(EthECDSASignature signature, ReadOnlySpan<byte> hash) =>
        RecoverFromSignature(signature, hash).GetPublicAddress();

    /// <summary>Redacted: shows the address only, never the private key.</summary>
    public override string ToString() =>
        $"EthECKey({GetPublicAddress()}, {(HasPrivateKey ? "private key: [redacted]" : "public only")})";

    private ref readonly U256 RequirePrivate()
    {
        if (!_hasPrivateKey)
            throw new InvalidOperationException("This key holds only a public key (e.g. recovered from a signature) and cannot sign.");
        return ref _d;
    }

    private static byte[] ParsePrivateKeyHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.AsSpan();
        if (digits.Length >= 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits = digits[2..];
        // Messages below describe the problem but deliberately never include the input: it is a secret.
        if (digits.Length != 64)
            throw new FormatException($"Malformed private key: expected 64 hex digits (32 bytes), got {digits.Length} digits.");
        for (int i = 0; i < digits.Length; i++)
            if (!char.IsAsciiHexDigit(digits[i]))
                throw new FormatException($"Malformed private key: the character at digit {i} is not a hex digit.");
        return Convert.FromHexString(digits);
    }
}
