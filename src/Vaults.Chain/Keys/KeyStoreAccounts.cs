using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.KeyStore;
using Nethereum.KeyStore.Crypto;
using Nethereum.Web3.Accounts;

namespace Vaults.Chain;

/// <summary>
/// Loads a Web3 Secret Storage v3 keystore into a Nethereum <see cref="Account"/> with Nethereum's <see cref="KeyStoreService"/>
/// (scrypt or PBKDF2), turning its failures into one <see cref="KeyStoreException"/> whose message says what is wrong.
/// </summary>
public static class KeyStoreAccounts
{
    /// <summary>The account of <paramref name="json"/> decrypted with <paramref name="password"/>, for <paramref name="chainId"/>.</summary>
    /// <exception cref="KeyStoreException">Wrong password (MAC mismatch), or not a keystore this library reads.</exception>
    public static Account Load(string json, string password, BigInteger? chainId = null)
    {
        byte[] key;
        try
        {
            key = new KeyStoreService().DecryptKeyStoreFromJson(password, json);
        }
        catch (DecryptionException e)
        {
            throw new KeyStoreException("MAC mismatch: wrong password or corrupted keystore.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Nethereum's reader throws whatever its JSON and crypto layers throw on a malformed file.
            throw new KeyStoreException("Not a Web3 Secret Storage v3 keystore this tool can read.", e);
        }
        return new Account(key, chainId);
    }

    /// <summary>
    /// <paramref name="account"/>'s key as a Web3 Secret Storage v3 keystore (Nethereum's scrypt keystore). <paramref name="scryptN"/> is
    /// the standard 2^18 unless a test asks for less; decryption reads it from the file.
    /// </summary>
    public static string Encrypt(Account account, string password, int scryptN = 1 << 18) =>
        new KeyStoreScryptService().EncryptAndGenerateKeyStoreAsJson(password, account.PrivateKey.HexToByteArray(), account.Address,
            new global::Nethereum.KeyStore.Model.ScryptParams { N = scryptN, R = 8, P = 1, Dklen = 32 });
}
