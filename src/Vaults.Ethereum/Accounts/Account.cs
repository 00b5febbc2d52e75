using System.Numerics;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Accounts;

/// <summary>
/// An externally owned account with its private key, in Nethereum's shape (<c>new Account(privateKey, chainId)</c>).
/// The key stays private to this object: it signs transactions, and <see cref="ToString"/> shows only the address.
/// </summary>
public sealed class Account : IAccount
{
    private readonly EthECKey _key;

    /// <summary>Creates an account from a hex private key (64 digits, "0x" optional).</summary>
    /// <exception cref="FormatException">Malformed hex (the key is never echoed).</exception>
    /// <exception cref="ArgumentException">Key out of range.</exception>
    public Account(string privateKeyHex, BigInteger? chainId = null) : this(new EthECKey(privateKeyHex), chainId) { }

    /// <summary>Creates an account from 32 private-key bytes.</summary>
    public Account(byte[] privateKey, BigInteger? chainId = null) : this(new EthECKey(privateKey), chainId) { }

    /// <summary>Creates an account from a key.</summary>
    /// <exception cref="ArgumentException">The key has no private part.</exception>
    public Account(EthECKey key, BigInteger? chainId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.HasPrivateKey) throw new ArgumentException("An account needs a private key; this key is public-only.", nameof(key));
        _key = key;
        ChainId = chainId;
        Address = key.GetPublicAddress();
        PublicKey = HexConvert.ToHex(key.GetPubKey());
    }

    /// <summary>The account address.</summary>
    public Address Address { get; }

    /// <summary>The chain id transactions are signed for (EIP-155), or null if unset.</summary>
    public BigInteger? ChainId { get; }

    /// <summary>The uncompressed public key as "0x04…" hex.</summary>
    public string PublicKey { get; }

    /// <summary>Signs a transaction with this account's key.</summary>
    public SignedTransaction SignTransaction(ISignableTransaction transaction) => TransactionSigner.Sign(transaction, _key);

    /// <summary>Signs a 32-byte hash (V = 27/28).</summary>
    public EthECDSASignature SignHash(ReadOnlySpan<byte> hash) => _key.SignAndCalculateV(hash);

    /// <summary>Exports the key as a v3 keystore (scrypt cost taken from <paramref name="keyStoreService"/>).</summary>
    public string ToKeyStoreJson(string password, KeyStoreService? keyStoreService = null) =>
        (keyStoreService ?? new KeyStoreService()).EncryptAndGenerateKeyStoreAsJson(password, _key);

    /// <summary>Decrypts a v3 keystore into an account.</summary>
    /// <exception cref="KeyStoreException">Wrong password, unsupported kdf/cipher, or malformed keystore.</exception>
    public static Account LoadFromKeyStore(string json, string password, BigInteger? chainId = null)
    {
        var key = new KeyStoreService().DecryptKeyStoreFromJson(password, json);
        try { return new Account(new EthECKey(key), chainId); }
        finally { System.Security.Cryptography.CryptographicOperations.ZeroMemory(key); }
    }

    /// <summary>Redacted: the address and chain id only.</summary>
    public override string ToString() => $"Account({Address}, chainId: {ChainId?.ToString() ?? "unset"}, private key: [redacted])";
}
