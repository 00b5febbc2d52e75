using Vaults.Contracts.Deployment;

namespace Vaults.Cli;

/// <summary>
/// Defaults a shell can set once, as Foundry's cast reads ETH_RPC_URL: <c>VAULTS_RPC_URL</c> and <c>VAULTS_DEPLOYMENT</c>
/// (an empty variable counts as unset). The flags win over them.
/// </summary>
internal static class EnvironmentDefaults
{
    public const string RpcUrlVariable = "VAULTS_RPC_URL";
    public const string DeploymentVariable = "VAULTS_DEPLOYMENT";
    public const string LocalRpcUrl = "http://127.0.0.1:8545";

    public static string RpcUrl => Read(RpcUrlVariable) ?? LocalRpcUrl;

    public static string Deployment => Read(DeploymentVariable) ?? VaultsDeploymentFile.DefaultFileName;

    private static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
}
