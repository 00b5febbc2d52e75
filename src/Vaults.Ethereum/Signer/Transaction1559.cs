using System.Numerics;
using Vaults.Ethereum.Rlp;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// An EIP-1559 (type 2) transaction. Signing payload: <c>0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas,
/// maxFeePerGas, gasLimit, to, value, data, accessList])</c>; the signed form appends <c>yParity, r, s</c>.
/// Arrays compare by reference in record equality; compare <see cref="GetRlpEncodedRaw"/> for value equality.
/// </summary>
/// <param name="ChainId">EIP-155 chain id (replay protection).</param>
/// <param name="Nonce">Sender nonce.</param>
/// <param name="MaxPriorityFeePerGas">Tip per gas, in wei.</param>
/// <param name="MaxFeePerGas">Fee cap per gas, in wei.</param>
/// <param name="GasLimit">Gas limit.</param>
/// <param name="To">Recipient; <c>null</c> creates a contract.</param>
/// <param name="Value">Wei transferred.</param>
/// <param name="Data">Calldata or init code (empty allowed).</param>
/// <param name="AccessList">EIP-2930 access list; <c>null</c> or empty encodes as an empty list.</param>
public sealed record Transaction1559(
    BigInteger ChainId,
    BigInteger Nonce,
    BigInteger MaxPriorityFeePerGas,
    BigInteger MaxFeePerGas,
    BigInteger GasLimit,
    Address? To,
    BigInteger Value,
    byte[] Data,
    IReadOnlyList<AccessListItem>? AccessList = null) : ISignableTransaction, ISigningHashWriter
{
    /// <summary>The EIP-2718 type byte.</summary>
    public const byte TransactionType = 0x02;

    /// <inheritdoc />
    public byte[] GetRlpEncodedRaw()
    {
        var result = new byte[EncodedLength(null, out int payload, out var r, out var s)];
        Write(result, payload, r, s, signed: false, 0);
        return result;
    }

    /// <inheritdoc />
    public byte[] GetSigningHash()
    {
        var hash = new byte[32];
        WriteSigningHash(hash);
        return hash;
    }

    /// <summary>keccak256 of the signing payload, encoded on the stack (or in a pooled buffer when large): no allocation.</summary>
    public void WriteSigningHash(Span<byte> hash)
    {
        int length = EncodedLength(null, out int payload, out var r, out var s);
        byte[]? rented = null;
        Span<byte> buffer = length <= 512 ? stackalloc byte[512] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        buffer = buffer[..length];
        Write(buffer, payload, r, s, signed: false, 0);
        Keccak.Hash(buffer, hash);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Typed transactions carry the bare y parity (0 or 1) as V.</summary>
    public BigInteger GetV(int recoveryId) => recoveryId & 1;

    /// <inheritdoc />
    public byte[] GetRlpEncoded(EthECDSASignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Encode(signature, signature.RecoveryId & 1);
    }

    private byte[] Encode(EthECDSASignature signature, int yParity)
    {
        var result = new byte[EncodedLength(signature, out int payload, out var r, out var s)];
        Write(result, payload, r, s, signed: true, yParity);
        return result;
    }

    /// <summary>Size of the typed encoding (type byte included); also returns the list payload size and trimmed r/s.</summary>
    private int EncodedLength(EthECDSASignature? signature, out int payload, out ReadOnlySpan<byte> r, out ReadOnlySpan<byte> s)
    {
        var data = Data ?? [];
        int accessListPayload = TransactionEncoding.PayloadLengthOfAccessList(AccessList);
        payload =
            RlpEncoder.LengthOfInteger(ChainId) +
            RlpEncoder.LengthOfInteger(Nonce) +
            RlpEncoder.LengthOfInteger(MaxPriorityFeePerGas) +
            RlpEncoder.LengthOfInteger(MaxFeePerGas) +
            RlpEncoder.LengthOfInteger(GasLimit) +
            TransactionEncoding.LengthOfTo(To) +
            RlpEncoder.LengthOfInteger(Value) +
            RlpEncoder.LengthOfString(data) +
            RlpEncoder.LengthOfList(accessListPayload);
        r = default;
        s = default;
        if (signature is not null)
        {
            r = TransactionEncoding.TrimInteger(signature.RSpan);
            s = TransactionEncoding.TrimInteger(signature.SSpan);
            payload += 1 + RlpEncoder.LengthOfString(r) + RlpEncoder.LengthOfString(s);
        }
        return 1 + RlpEncoder.LengthOfList(payload);
    }

    // Writes the whole typed transaction into an exact-size span; every field is written in place.
    private void Write(Span<byte> span, int payload, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, bool signed, int yParity)
    {
        var data = Data ?? [];
        span[0] = TransactionType;
        int o = 1;
        o += RlpEncoder.WriteListHeader(span[o..], payload);
        o += RlpEncoder.WriteInteger(span[o..], ChainId);
        o += RlpEncoder.WriteInteger(span[o..], Nonce);
        o += RlpEncoder.WriteInteger(span[o..], MaxPriorityFeePerGas);
        o += RlpEncoder.WriteInteger(span[o..], MaxFeePerGas);
        o += RlpEncoder.WriteInteger(span[o..], GasLimit);
        o += TransactionEncoding.WriteTo(span[o..], To);
        o += RlpEncoder.WriteInteger(span[o..], Value);
        o += RlpEncoder.WriteString(span[o..], data);
        o += TransactionEncoding.WriteAccessList(span[o..], AccessList);
        if (signed)
        {
            o += RlpEncoder.WriteInteger(span[o..], (ulong)yParity);
            o += RlpEncoder.WriteString(span[o..], r);
            o += RlpEncoder.WriteString(span[o..], s);
        }
        System.Diagnostics.Debug.Assert(o == span.Length);
    }
}
