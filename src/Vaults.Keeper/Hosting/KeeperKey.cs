using System.Globalization;
using Nethereum.Web3.Accounts;
using Vaults.Chain;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// Loads the keeper's signing account: from a keystore and a password file when configured, otherwise from the options'
/// in-process key or the configured environment variable. Error messages name the source, never the key or the password.
/// </summary>
internal static class KeeperKey
{
    /// <exception cref="KeeperStartupException">No key, an unreadable file, a malformed key or keystore, or a wrong password.</exception>
    public static Account Load(KeeperOptions options, long chainId)
    {
        if (options.KeystoreFile is { } keystore) return FromKeystore(keystore, options.PasswordFile!, chainId);
        if (options.PrivateKey is { } key) return FromHex(key, "the PrivateKey option", chainId);
        var variable = options.KeyEnvironmentVariable;
        // Before the lookup: the "not set" message names the variable, and a key pasted as its name must never be echoed.
        if (KeyVariableName.Problem(variable, "--key-env (Keeper:KeyEnvironmentVariable)") is { } problem)
            throw new KeeperStartupException(problem);
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
            throw new KeeperStartupException(
                $"No keeper key: set the environment variable {variable} to the hex private key, or give --keystore and --password-file.");
        return FromHex(fromEnvironment, $"the environment variable {variable}", chainId);
    }

    private static Account FromHex(string hex, string source, long chainId)
    {
        var digits = hex.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit))
            throw new KeeperStartupException($"The key in {source} is not a private key: expected 64 hex digits (32 bytes), optionally with 0x.");
        try
        {
            return new Account(Convert.FromHexString(digits), chainId);
        }
        catch (ArgumentException)
        {
            throw new KeeperStartupException($"The key in {source} is not a valid secp256k1 private key (zero or not below the group order).");
        }
    }

    private static Account FromKeystore(string keystoreFile, string passwordFile, long chainId)
    {
        string json = ReadFile(keystoreFile, "keystore");
        string password = ReadFile(passwordFile, "password file").Split('\n')[0].TrimEnd('\r');
        try
        {
            return KeyStoreAccounts.Load(json, password, chainId);
        }
        catch (KeyStoreException e) when (e.Message.Contains("MAC mismatch", StringComparison.Ordinal))
        {
            throw new KeeperStartupException($"Cannot decrypt the keystore {keystoreFile}: wrong password (in {passwordFile}) or corrupted keystore.");
        }
        catch (KeyStoreException e)
        {
            throw new KeeperStartupException(string.Create(CultureInfo.InvariantCulture, $"Cannot read the keystore {keystoreFile}: {e.Message}"));
        }
    }

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeeperStartupException($"Cannot read the {what} {path}: {e.Message}");
        }
    }
}
