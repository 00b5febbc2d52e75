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
        var (r, s, recoveryId) = key.SignCore(transaction.GetSigningHash());
        var signature = new EthECDSASignature(r, s, recoveryId, transaction.GetV(recoveryId));
        var raw = transaction.GetRlpEncoded(signature);
        return new SignedTransaction(raw, Keccak.Hash(raw), signature);
    }

    /// <summary>Signs and returns the "0x"-prefixed raw hex, as Nethereum's <c>SignTransaction</c> does.</summary>
    public static string SignToHex(ISignableTransaction transaction, EthECKey key) => Sign(transaction, key).ToHex();
}
