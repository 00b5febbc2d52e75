using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>Signs <see cref="ISignableTransaction"/>s (legacy EIP-155 and EIP-1559) with an <see cref="EthECKey"/>.</summary>
public static class TransactionSigner
{
    /// <summary>Signs a transaction and returns its raw bytes and hash.</summary>
    /// <exception cref="InvalidOperationException">The key is public-only.</exception>
    public static SignedTransaction Sign(ISignableTransaction transaction, EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(key);
        // The only heap allocations are the results: the signature (and its r/s), the raw bytes and their hash.
        Span<byte> signingHash = stackalloc byte[32];
        if (transaction is ISigningHashWriter writer) writer.WriteSigningHash(signingHash);
        else transaction.GetSigningHash().CopyTo(signingHash);
        Span<byte> rs = stackalloc byte[64];
        int recoveryId = key.SignCore(signingHash, rs[..32], rs[32..]);
        var signature = new EthECDSASignature(rs[..32], rs[32..], recoveryId, transaction.GetV(recoveryId));
        var raw = transaction.GetRlpEncoded(signature);
        return new SignedTransaction(raw, Keccak.Hash(raw), signature);
    }

    /// <summary>Signs and returns the "0x"-prefixed raw hex, as Nethereum's <c>SignTransaction</c> does.</summary>
    public static string SignToHex(ISignableTransaction transaction, EthECKey key) => Sign(transaction, key).ToHex();
}

/// <summary>Transactions that can hash their signing payload without allocating (encoded on the stack or in a pooled buffer).</summary>
internal interface ISigningHashWriter
{
    /// <summary>Writes keccak256 of the signing payload into the first 32 bytes of <paramref name="hash"/>.</summary>
    void WriteSigningHash(Span<byte> hash);
}
