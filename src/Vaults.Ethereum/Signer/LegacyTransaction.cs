using System.Numerics;
using Vaults.Ethereum.Rlp;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// A legacy (pre-typed) transaction. With a <see cref="ChainId"/> it is signed per EIP-155: the payload is
/// <c>rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])</c> and V = chainId·2 + 35 + recId. Without a chain id
/// (<c>null</c>) it is the replayable Homestead form with V = 27 + recId; only use that for chains that demand it.
/// </summary>
/// <param name="Nonce">Sender nonce.</param>
/// <param name="GasPrice">Gas price, in wei.</param>
/// <param name="GasLimit">Gas limit.</param>
/// <param name="To">Recipient; <c>null</c> creates a contract.</param>
/// <param name="Value">Wei transferred.</param>
/// <param name="Data">Calldata or init code (empty allowed).</param>
/// <param name="ChainId">EIP-155 chain id, or <c>null</c> for an unprotected transaction.</param>
public sealed record LegacyTransaction(
    BigInteger Nonce,
    BigInteger GasPrice,
    BigInteger GasLimit,
    Address? To,
    BigInteger Value,
    byte[] Data,
    BigInteger? ChainId) : ISignableTransaction
{
    /// <inheritdoc />
    public byte[] GetRlpEncodedRaw() =>
        Encode(ChainId, default, default, signed: false);

    /// <inheritdoc />
    public byte[] GetSigningHash() => Keccak.Hash(GetRlpEncodedRaw());

    /// <summary>EIP-155: chainId·2 + 35 + recId; unprotected: 27 + recId.</summary>
    public BigInteger GetV(int recoveryId) =>
        ChainId is { } chainId ? chainId * 2 + 35 + (recoveryId & 1) : 27 + (recoveryId & 1);

    /// <inheritdoc />
    public byte[] GetRlpEncoded(EthECDSASignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Encode(GetV(signature.RecoveryId),
            TransactionEncoding.TrimInteger(signature.RSpan), TransactionEncoding.TrimInteger(signature.SSpan), signed: true);
    }

    // Writes the six common fields, then either (chainId, 0, 0) for the EIP-155 payload, (v, r, s) for the signed form,
    // or nothing for the unprotected payload.
    private byte[] Encode(BigInteger? seventh, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s, bool signed)
    {
        var data = Data ?? [];
        int payload =
            RlpEncoder.LengthOfInteger(Nonce) +
            RlpEncoder.LengthOfInteger(GasPrice) +
            RlpEncoder.LengthOfInteger(GasLimit) +
            TransactionEncoding.LengthOfTo(To) +
            RlpEncoder.LengthOfInteger(Value) +
            RlpEncoder.LengthOfString(data);
        if (signed) payload += RlpEncoder.LengthOfInteger(seventh!.Value) + RlpEncoder.LengthOfString(r) + RlpEncoder.LengthOfString(s);
        else if (seventh is { } chainId) payload += RlpEncoder.LengthOfInteger(chainId) + 2;

        var result = new byte[RlpEncoder.LengthOfList(payload)];
        var span = result.AsSpan();
        int o = RlpEncoder.WriteListHeader(span, payload);
        o += RlpEncoder.WriteInteger(span[o..], Nonce);
        o += RlpEncoder.WriteInteger(span[o..], GasPrice);
        o += RlpEncoder.WriteInteger(span[o..], GasLimit);
        o += TransactionEncoding.WriteTo(span[o..], To);
        o += RlpEncoder.WriteInteger(span[o..], Value);
        o += RlpEncoder.WriteString(span[o..], data);
        if (signed)
        {
            o += RlpEncoder.WriteInteger(span[o..], seventh!.Value);
            o += RlpEncoder.WriteString(span[o..], r);
            o += RlpEncoder.WriteString(span[o..], s);
        }
        else if (seventh is { } chainId)
        {
            o += RlpEncoder.WriteInteger(span[o..], chainId);
            o += RlpEncoder.WriteInteger(span[o..], 0UL);
            o += RlpEncoder.WriteInteger(span[o..], 0UL);
        }
        System.Diagnostics.Debug.Assert(o == result.Length);
        return result;
    }
}
