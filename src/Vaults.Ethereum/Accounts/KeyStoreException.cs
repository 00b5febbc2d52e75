namespace Vaults.Ethereum.Accounts;

/// <summary>
/// A keystore could not be decrypted or is malformed: wrong password (MAC mismatch), unsupported KDF or cipher
/// (named in the message), or missing fields. Never carries the password or key material.
/// </summary>
public sealed class KeyStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyStoreException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    public KeyStoreException(string message, Exception inner) : base(message, inner) { }
}
