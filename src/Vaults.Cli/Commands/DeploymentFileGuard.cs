using Vaults.Client;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Commands;

/// <summary>
/// What <c>vaults devnet</c> may do with an existing deployment file. A previous devnet's file (chain 31337) describes a
/// chain that died with its node, so replacing it is what a user expects (and is said in one line). Anything else, say a
/// Sepolia deployment left at the default path, is refused unless <c>--force</c>: losing it would lose every address.
/// </summary>
internal static class DeploymentFileGuard
{
    /// <summary>Null when there is nothing to replace; otherwise the line to print once the new file is written.</summary>
    /// <exception cref="VaultsClientException">The file is not a previous devnet's and <paramref name="force"/> is off.</exception>
    public static async Task<string?> CheckAsync(string file, bool force, CancellationToken ct)
    {
        if (!File.Exists(file)) return null;
        VaultsDeployment? previous;
        try
        {
            previous = await VaultsDeploymentFile.ReadAsync(file, ct);
        }
        catch (DeploymentFileException)
        {
            previous = null;
        }
        if (previous is { ChainId: SignerSource.DevnetChainId })
            return $"Replacing {file} (a previous devnet's deployment; that chain stopped with its node).";
        var what = previous is null ? "is not a deployment file" : $"holds a deployment on chain {previous.ChainId}, not a previous devnet's";
        if (!force)
            throw new VaultsClientException($"{file} {what}: refusing to overwrite it (pass --force, or --deployment another file).");
        return $"Replacing {file}, which {what} (--force).";
    }
}
