using Vaults.Devnet;
using Nethereum.Web3.Accounts;
using Vaults.Chain;

namespace Vaults.Client;

/// <summary>
/// Where the signing key comes from: an environment variable holding the hex key, a Web3 Secret Storage keystore
/// with a password file, or (devnet only) one of Hardhat's published dev accounts. The key itself is never kept
/// in this record, so printing or logging it is harmless.
/// </summary>
public sealed record SignerSource
{
    /// <summary>The chain id of a local Hardhat node, the only chain where dev accounts are accepted.</summary>
    public const long DevnetChainId = 31337;

    /// <summary>Name of an environment variable holding the 0x-prefixed private key.</summary>
    public string? KeyEnvironmentVariable { get; init; }

    /// <summary>Path of a keystore JSON file (needs <see cref="PasswordFile"/>).</summary>
    public string? KeystoreFile { get; init; }

    /// <summary>Path of a file whose first line is the keystore password.</summary>
    public string? PasswordFile { get; init; }

    /// <summary>Index of a Hardhat dev account; accepted only on chain 31337.</summary>
    public int? DevAccount { get; init; }

    /// <summary>True when any source is set.</summary>
    public bool IsSet => KeyEnvironmentVariable is not null || KeystoreFile is not null || DevAccount is not null;

    /// <summary>Loads the account for <paramref name="chainId"/>.</summary>
    /// <exception cref="VaultsClientException">No source, several sources, or a source that cannot be read.</exception>
    public async Task<Account> LoadAsync(long chainId, CancellationToken ct = default)
    {
        var sources = (KeyEnvironmentVariable is null ? 0 : 1) + (KeystoreFile is null ? 0 : 1) + (DevAccount is null ? 0 : 1);
        if (sources == 0)
            throw new VaultsClientException("This command sends a transaction: give a signer with --key-env VAR, --keystore FILE --password-file FILE, or --dev-account N (devnet).");
        if (sources > 1)
            throw new VaultsClientException("Give only one signer: --key-env, --keystore or --dev-account.");

        if (DevAccount is { } index) return LoadDevAccount(index, chainId);
        if (KeyEnvironmentVariable is { } variable) return LoadFromEnvironment(variable, chainId);
        return await LoadFromKeystoreAsync(KeystoreFile!, chainId, ct).ConfigureAwait(false);
    }

    private static Account LoadDevAccount(int index, long chainId)
    {
        // The dev keys are public: refusing them anywhere but a local Hardhat chain keeps them off real networks.
        if (chainId != DevnetChainId)
            throw new VaultsClientException($"--dev-account works only on a local devnet (chain id {DevnetChainId}); this node is chain {chainId}.");
        if (index < 0 || index >= HardhatDevAccounts.PublishedDevKeys.Count)
            throw new VaultsClientException($"--dev-account {index} does not exist: use 0 to {HardhatDevAccounts.PublishedDevKeys.Count - 1}.");
        return new Account(HardhatDevAccounts.PublishedDevKeys[index].PrivateKey, chainId);
    }

    private static Account LoadFromEnvironment(string variable, long chainId)
    {
        // Checked before the lookup: the "not set" message below names the variable, and a pasted key must never be named.
        if (KeyVariableName.Problem(variable, "--key-env") is { } problem)
            throw new VaultsClientException(problem);
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
            throw new VaultsClientException($"Environment variable {variable} (--key-env) is not set.");
        try
        {
            return new Account(key.Trim(), chainId);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // Never echo the value: it may be a real key with a typo.
            throw new VaultsClientException($"Environment variable {variable} does not hold a valid 32-byte hex private key.");
        }
    }

    private async Task<Account> LoadFromKeystoreAsync(string keystoreFile, long chainId, CancellationToken ct)
    {
        if (PasswordFile is null)
            throw new VaultsClientException("--keystore needs --password-file FILE.");
        if (!File.Exists(keystoreFile))
            throw new VaultsClientException($"Keystore file '{keystoreFile}' not found.");
        if (!File.Exists(PasswordFile))
            throw new VaultsClientException($"Password file '{PasswordFile}' not found.");
        var json = await File.ReadAllTextAsync(keystoreFile, ct).ConfigureAwait(false);
        var password = (await File.ReadAllLinesAsync(PasswordFile, ct).ConfigureAwait(false)).FirstOrDefault() ?? "";
        try
        {
            return KeyStoreAccounts.Load(json, password, chainId);
        }
        catch (KeyStoreException e)
        {
            throw new VaultsClientException($"Keystore '{keystoreFile}' could not be decrypted: {e.Message}");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new VaultsClientException($"Keystore '{keystoreFile}' is not a valid keystore file.");
        }
    }
}
