using System.CommandLine;
using Vaults.Client;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.Keeper.Hosting;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vaults keeper [keeper flags]</c>: runs the keeper daemon (<see cref="KeeperApp"/>) in the foreground. The CLI's own
/// --rpc-url, --deployment and signer options are passed on; any other flag (--ws-url, --database, --shard, --http-port, ...)
/// goes to the keeper unchanged.
/// </summary>
internal static class KeeperCommand
{
    /// <summary>The variable a --dev-account key is handed to the keeper through (this process's environment only).</summary>
    private const string DevKeyVariable = "VAULTS_CLI_DEV_ACCOUNT_KEY";

    public static Command Create(GlobalOptions options)
    {
        var command = new Command("keeper", "Run the keeper daemon: watch the oracle and liquidate unhealthy vaults (keeper flags such as --ws-url, --database, --shard, --http-port are passed through)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            List<string> args = ["--rpc-url", result.GetValue(options.RpcUrl)!, "--deployment", result.GetValue(options.Deployment)!];
            var signer = options.Signer(result);
            if (signer.DevAccount is not null)
            {
                // The keeper takes keys from the environment or a keystore only; a dev key (public, devnet-checked here) goes through this process's environment.
                var rpcUrl = result.GetValue(options.RpcUrl)!;
                var chainId = await VaultsClient.NodeChainIdAsync(new Web3(rpcUrl), rpcUrl, ct);
                var account = await signer.LoadAsync(chainId, ct);
                Environment.SetEnvironmentVariable(DevKeyVariable, Vaults.Devnet.HardhatDevAccounts.PublishedDevKeys[signer.DevAccount.Value].PrivateKey);
                args.AddRange(["--key-env", DevKeyVariable]);
                await Console.Error.WriteLineAsync($"keeper: signing with dev account {signer.DevAccount} ({account.Address})");
            }
            if (signer.KeyEnvironmentVariable is { } variable) args.AddRange(["--key-env", variable]);
            if (signer.KeystoreFile is { } keystore) args.AddRange(["--keystore", keystore]);
            if (signer.PasswordFile is { } password) args.AddRange(["--password-file", password]);
            args.AddRange(result.UnmatchedTokens);
            return await KeeperApp.RunAsync([.. args], ct);
        }));
        return command;
    }
}
