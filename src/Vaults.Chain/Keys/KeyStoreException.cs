namespace Vaults.Chain;

/// <summary>A keystore that cannot be decrypted or read, with a message that names the problem and never the secret.</summary>
public sealed class KeyStoreException(string message, Exception? inner = null) : Exception(message, inner);
