using System.CommandLine;
using Vaults.Client;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli;

/// <summary>Options every command understands: where the node and the deployment file are, who signs, and the output format.</summary>
internal sealed class GlobalOptions
{
    public Option<string> RpcUrl { get; } = new("--rpc-url")
    {
        Description = $"JSON-RPC endpoint of the node (${EnvironmentDefaults.RpcUrlVariable} when set)",
        // VAULTS_RPC_URL, as cast reads ETH_RPC_URL; the flag wins.
        DefaultValueFactory = _ => EnvironmentDefaults.RpcUrl,
        Recursive = true,
    };

    public Option<string> Deployment { get; } = new("--deployment")
    {
        Description = $"Deployment file written by 'vaults devnet' or 'vaults deploy' (${EnvironmentDefaults.DeploymentVariable} when set)",
        DefaultValueFactory = _ => EnvironmentDefaults.Deployment,
        Recursive = true,
    };

    public Option<string?> KeyEnv { get; } = new("--key-env")
    {
        Description = "Name of an environment variable holding the signer's private key (hex)",
        Recursive = true,
    };

    public Option<string?> Keystore { get; } = new("--keystore")
    {
        Description = "Signer's encrypted keystore file (Web3 Secret Storage v3); needs --password-file",
        Recursive = true,
    };

    public Option<string?> PasswordFile { get; } = new("--password-file")
    {
        Description = "File whose first line is the keystore password",
        Recursive = true,
    };

    public Option<int?> DevAccount { get; } = new("--dev-account")
    {
        Description = "Sign with Hardhat dev account N (0-9; local devnet, chain 31337, only)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of tables",
        Recursive = true,
    };

    /// <summary>
    /// The options of every command, on the root (recursive). --rpc-url is not among them: the commands that start their
    /// own node (devnet, demo) would list it in their help and ignore it; <see cref="AddNodeOptionTo"/> gives it to the others.
    /// </summary>
    public void AddTo(Command root)
    {
        foreach (var option in new Option[] { Deployment, KeyEnv, Keystore, PasswordFile, DevAccount, Json })
            root.Options.Add(option);
    }

    /// <summary>--rpc-url on a command talking to an existing node (recursive: its subcommands have it too).</summary>
    public void AddNodeOptionTo(Command command) => command.Options.Add(RpcUrl);

    /// <summary>The signer named on the command line (possibly none).</summary>
    public SignerSource Signer(ParseResult result) => new()
    {
        KeyEnvironmentVariable = result.GetValue(KeyEnv),
        KeystoreFile = result.GetValue(Keystore),
        PasswordFile = result.GetValue(PasswordFile),
        DevAccount = result.GetValue(DevAccount),
    };

    /// <summary>
    /// Connects with the deployment file, node and signer of the command line. Commands that send transactions pass
    /// <paramref name="signing"/>, so a missing signer is reported before anything else is read.
    /// </summary>
    public async Task<VaultsClient> ConnectAsync(ParseResult result, bool signing, CancellationToken ct)
    {
        var signer = Signer(result);
        if (signing && !signer.IsSet)
            throw new VaultsClientException("This command sends a transaction: give a signer with --key-env VAR, --keystore FILE --password-file FILE, or --dev-account N (devnet).");
        try
        {
            return await VaultsClient.ConnectAsync(result.GetValue(Deployment)!, result.GetValue(RpcUrl)!, signer, ct);
        }
        catch (VaultsClientException e) when (FromEnvironment(result, RpcUrl, EnvironmentDefaults.RpcUrlVariable) is { } variable && e.Message.StartsWith("--rpc-url", StringComparison.Ordinal))
        {
            // The URL came from the environment, not the command line: name where to fix it.
            throw new VaultsClientException(variable + e.Message["--rpc-url".Length..], e);
        }
        catch (VaultsClientException e) when (FromEnvironment(result, Deployment, EnvironmentDefaults.DeploymentVariable) is { } variable && e.Message.StartsWith("Deployment file", StringComparison.Ordinal))
        {
            throw new VaultsClientException($"{e.Message.TrimEnd('.')} (from {variable}).", e);
        }
    }

    /// <summary>The environment variable <paramref name="option"/>'s value came from, or null when it was given on the command line or is the built-in default.</summary>
    private static string? FromEnvironment(ParseResult result, Option<string> option, string variable) =>
        result.GetResult(option) is { Implicit: false } || Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } ? null : variable;

    /// <summary>The output writer for this invocation.</summary>
    public Output Output(ParseResult result) => new(result.GetValue(Json));
}
