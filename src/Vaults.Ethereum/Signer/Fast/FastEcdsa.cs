using System.Security.Cryptography;

namespace Vaults.Ethereum.Signer.Fast;

/// <summary>
/// Allocation-free secp256k1 ECDSA signing as Ethereum does it: RFC 6979 deterministic nonce (HMAC-SHA256),
/// low-s normalisation (EIP-2) and the recovery id taken from R.y parity (plus 2 if R.x ≥ n), flipped when s is
/// negated. Produces exactly the signatures of the previous BouncyCastle-based implementation.
/// </summary>
internal static class FastEcdsa
{
    /// <summary>
    /// Signs a 32-byte hash with private key <paramref name="d"/> (already checked to be in [1, n−1]); writes r and s
    /// as 32 big-endian bytes each and returns the recovery id.
    /// </summary>
    public static int Sign(in U256 d, ReadOnlySpan<byte> hash, Span<byte> r, Span<byte> s)
    {
        if (hash.Length != 32) throw new ArgumentException($"The message hash must be 32 bytes, got {hash.Length}.", nameof(hash));
        if (r.Length < 32 || s.Length < 32) throw new ArgumentException("r and s need 32-byte buffers.");

        // z = bits2int(hash) mod n; qlen = hlen = 256 so no shift is needed, and z < 2^256 < 2n.
        var hashValue = U256.FromBigEndian(hash);
        Scalar.ReduceOnce(hashValue, out var z);

        Span<byte> nonceState = stackalloc byte[Rfc6979.StateSize];
        var nonces = new Rfc6979(nonceState, d, z);
        try
        {
            while (true)
            {
                nonces.Next(out var k);

                var point = BaseMultiplier.Multiply(k);
                ulong overflowed = Scalar.ReduceOnce(point.X, out var rr); // r = R.x mod n
                if (rr.IsZero)
                {
                    nonces.Reject();
                    continue;
                }

                // s = k⁻¹ · (z + r·d) mod n
                Scalar.Mul(rr, d, out var rd);
                Scalar.Add(z, rd, out var sum);
                Scalar.InvertFast(k, out var kInv);
                Scalar.Mul(kInv, sum, out var ss);
                k = default;
                kInv = default;
                if (ss.IsZero)
                {
                    nonces.Reject();
                    continue;
                }

                int recId = (point.Y.IsOdd ? 1 : 0) | (overflowed != 0 ? 2 : 0);
                if (Scalar.IsHigh(ss))
                {
                    // −s is the same signature for the point −R, whose y has the opposite parity.
                    Scalar.Negate(ss, out ss);
                    recId ^= 1;
                }
                rr.WriteBigEndian(r);
                ss.WriteBigEndian(s);
                return recId;
            }
        }
        finally
        {
            nonces.Clear();
        }
    }

    /// <summary>k·G for a private key (public key derivation), affine coordinates.</summary>
    public static AffinePoint PublicKey(in U256 d) => BaseMultiplier.Multiply(d);
}

/// <summary>
/// RFC 6979 section 3.2 nonce generation for secp256k1 with HMAC-SHA256 (qlen = hlen = 256, so each candidate is
/// exactly one HMAC output and bits2int is a plain big-endian read), using the span-based one-shot
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>. K and V live in a caller-provided
/// stack buffer, never on the heap.
/// </summary>
internal ref struct Rfc6979
{
    /// <summary>Bytes of working state the caller provides (on the stack): K, V and a scratch message buffer.</summary>
    public const int StateSize = 64 + ScratchLen;

    // Layout of the state buffer: K (32) | V (32) | scratch: V' (32) ‖ sep (1) ‖ x (32) ‖ h1 (32).
    private const int ScratchLen = 32 + 1 + 32 + 32;
    private readonly Span<byte> _state;
    private bool _pendingReject;

    private readonly Span<byte> K => _state.Slice(0, 32);
    private readonly Span<byte> V => _state.Slice(32, 32);
    private readonly Span<byte> Scratch => _state.Slice(64, ScratchLen);

    /// <summary>Steps a–f: seeds K and V from the private key <paramref name="x"/> and the reduced hash <paramref name="h1"/>.</summary>
    public Rfc6979(Span<byte> state, in U256 x, in U256 h1)
    {
        if (state.Length < StateSize) throw new ArgumentException("RFC 6979 state buffer too small.", nameof(state));
        _state = state[..StateSize];
        _pendingReject = false;
        var scratch = Scratch;
        x.WriteBigEndian(scratch.Slice(33, 32));   // int2octets(x)
        h1.WriteBigEndian(scratch.Slice(65, 32));  // bits2octets(h1) = int2octets(bits2int(h1) mod n)
        V.Fill(0x01);                              // b. V = 0x01 0x01 ... 0x01
        K.Clear();                                 // c. K = 0x00 0x00 ... 0x00
        Update(0x00, withSeed: true);              // d. K = HMAC_K(V ‖ 0x00 ‖ x ‖ h1); e. V = HMAC_K(V)
        Update(0x01, withSeed: true);              // f. K = HMAC_K(V ‖ 0x01 ‖ x ‖ h1); g. V = HMAC_K(V)
        scratch.Slice(33, 64).Clear();             // the private key copy is no longer needed
    }

    /// <summary>
    /// Step h: the next candidate k in [1, n−1]. A candidate that fails (k ≥ n or k = 0 here, r = 0 or s = 0 for the
    /// caller via <see cref="Reject"/>) updates K and V as h.3 says before the next one is drawn.
    /// </summary>
    public void Next(out U256 k)
    {
        if (_pendingReject) Update(0x00, withSeed: false);
        while (true)
        {
            Hmac(V, V);                            // h.2: V = HMAC_K(V); T = V (tlen = qlen = 256)
            k = U256.FromBigEndian(V);             // h.3: k = bits2int(T)
            if (Scalar.IsValidNonZero(k))
            {
                _pendingReject = true;             // if the caller asks again, this k was unsuitable
                return;
            }
            Update(0x00, withSeed: false);         // K = HMAC_K(V ‖ 0x00); V = HMAC_K(V)
        }
    }

    /// <summary>Marks the last k as unsuitable (r = 0 or s = 0); the next <see cref="Next"/> draws a fresh one.</summary>
    public void Reject() => _pendingReject = true;

    /// <summary>Wipes K, V and the scratch buffer.</summary>
    public readonly void Clear() => _state.Clear();

    private void Update(byte separator, bool withSeed)
    {
        var scratch = Scratch;
        V.CopyTo(scratch);
        scratch[32] = separator;
        var message = withSeed ? scratch : scratch[..33];
        Hmac(message, K);                          // K = HMAC_K(V ‖ sep [‖ x ‖ h1])
        Hmac(V, V);                                // V = HMAC_K(V)
    }

    /// <summary>destination = HMAC-SHA256 keyed with K (via a temporary so key/source/destination never overlap).</summary>
    private readonly void Hmac(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(K, message, mac);
        mac.CopyTo(destination);
        mac.Clear();
    }
}
