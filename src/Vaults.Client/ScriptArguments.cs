using System.Globalization;
using Vaults.Contracts.Deployment;

namespace Vaults.Client;

/// <summary>
/// The few flags the C# scripts in <c>scripts/</c> share (<c>--rpc-url</c>, <c>--deployment</c>, <c>--key-env</c>,
/// <c>--keystore</c>/<c>--password-file</c>, <c>--dev-account</c>) plus each script's own <c>--name value</c> pairs,
/// so a script stays a page of logic. Bad values are <see cref="VaultsClientException"/>s with one-line messages.
/// </summary>
public sealed class ScriptArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Parses <c>--name value</c> pairs.</summary>
    /// <exception cref="VaultsClientException">A token that is not a flag, or a flag without a value.</exception>
    public ScriptArguments(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new VaultsClientException($"Unexpected argument '{args[i]}': flags are --name value.");
            if (i + 1 >= args.Count)
                throw new VaultsClientException($"{args[i]} needs a value.");
            _values[args[i]] = args[++i];
        }
    }

    /// <summary>The JSON-RPC URL (default: VAULTS_RPC_URL, else the local devnet), as the CLI.</summary>
    public string RpcUrl => Text("--rpc-url", Environment.GetEnvironmentVariable("VAULTS_RPC_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:8545");

    /// <summary>The deployment file (default: VAULTS_DEPLOYMENT, else <c>vaults.deployment.json</c> in the working directory), as the CLI.</summary>
    public string DeploymentFile => Text("--deployment", Environment.GetEnvironmentVariable("VAULTS_DEPLOYMENT") is { Length: > 0 } file ? file : VaultsDeploymentFile.DefaultFileName);

    /// <summary>The <c>--side</c> flag, long or short in any letter case: true for long; <paramref name="fallback"/> when absent.</summary>
    public bool IsLong(string fallback = "long") => Text("--side", fallback).Trim().ToLowerInvariant() switch
    {
        "long" => true,
        "short" => false,
        var other => throw new VaultsClientException($"--side must be long or short (got '{Text("--side", fallback)}')."),
    };

    /// <summary><c>--market NAME</c> (a name such as ETH-USD, or an id); null when absent (fine when the deployment has one market).</summary>
    public string? Market => Optional("--market");

    /// <summary>The signer named by the flags (possibly none).</summary>
    public SignerSource Signer => new()
    {
        KeyEnvironmentVariable = Optional("--key-env"),
        KeystoreFile = Optional("--keystore"),
        PasswordFile = Optional("--password-file"),
        DevAccount = Optional("--dev-account") is { } n ? NonNegative("--dev-account", n) : null,
    };

    /// <summary>Connects with the flags' node, deployment file and signer.</summary>
    public Task<VaultsClient> ConnectAsync(CancellationToken ct = default) => VaultsClient.ConnectAsync(DeploymentFile, RpcUrl, Signer, ct);

    /// <summary>A flag's text, or <paramref name="fallback"/>.</summary>
    public string Text(string name, string fallback) => Optional(name) ?? fallback;

    /// <summary>A flag's text, or null.</summary>
    public string? Optional(string name) => _values.GetValueOrDefault(name);

    /// <summary>A positive decimal flag ("1000", "1850.25"); <paramref name="fallback"/> when absent, an error when required and absent.</summary>
    public decimal Positive(string name, decimal? fallback = null) =>
        Optional(name) is { } text ? Amount.ParsePositive(text, name)
        : fallback ?? throw new VaultsClientException($"{name} is required.");

    /// <summary>The <c>--leverage</c> flag written as the CLI takes it ("5", "8x", "2.5x"); <paramref name="fallback"/> when absent.</summary>
    public decimal Leverage(decimal fallback) => Optional("--leverage") is { } text ? Amount.ParseLeverage(text) : fallback;

    /// <summary>A positive whole-number flag.</summary>
    public int Count(string name, int fallback)
    {
        if (Optional(name) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new VaultsClientException($"{name} must be a positive whole number (got '{text}').");
        return value;
    }

    private static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new VaultsClientException($"{name} must be a whole number, 0 or more (got '{text}').");
}
