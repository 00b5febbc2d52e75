using System.CommandLine;
using Vaults.Client;
using Vaults.Keeper.Hosting;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vaults keeper [keeper flags]</c>: runs the keeper daemon (<see cref="KeeperApp"/>) in the foreground. The CLI's own
/// --rpc-url, --deployment and signer options are passed on, and the keeper's flags are declared here (so --help lists them
/// and a typo is refused by name); their values go to the keeper unchanged, which checks them.
/// </summary>
internal static class KeeperCommand
{
    /// <summary>The variable a --dev-account key is handed to the keeper through (this process's environment only).</summary>
    private const string DevKeyVariable = "VAULTS_CLI_DEV_ACCOUNT_KEY";

    /// <summary>The keeper's own flags (see <c>KeeperCommandLine</c>) with what they set.</summary>
    private static readonly (string Flag, string Description)[] KeeperFlags =
    [
        ("--ws-url", "WebSocket endpoint for push triggers (price updates, new heads), e.g. ws://127.0.0.1:8545; polling alone without it"),
        ("--database", "SQLite file of the keeper's index and in-flight liquidations (default keeper.db)"),
        ("--config", "Settings file (JSON, section Keeper) read on top of the keeper's appsettings.json"),
        ("--chain-id", "Expected chain id (default: the deployment's)"),
        ("--max-fee-gwei", "Cap on maxFeePerGas, in gwei (default: no cap)"),
        ("--max-batch-size", "Most vaults per liquidateBatch (default 300)"),
        ("--max-batch-gas", "Gas one liquidateBatch may use (default 16000000)"),
        ("--shard", "This keeper's shard i/n (default 0/1)"),
        ("--http-port", "Port of /healthz and /metrics on 127.0.0.1 (default 0: off)"),
        ("--poll-interval", "How often to poll for new blocks, e.g. 00:00:01"),
        ("--rpc-timeout", "Timeout of one JSON-RPC call, e.g. 00:00:10"),
        ("--rpc-retries", "Retries of a failed JSON-RPC call (default 3)"),
        ("--scan-chunk-size", "Blocks per eth_getLogs call when scanning (default 2000)"),
        ("--stuck-timeout", "How long a sent transaction may stay unmined before it is replaced, e.g. 00:00:30"),
    ];

    public static Command Create(GlobalOptions options)
    {
        var command = new Command("keeper", "Run the keeper daemon: watch the oracle and liquidate unhealthy vaults (Ctrl-C stops it)");
        var flags = KeeperFlags.Select(f => new Option<string?>(f.Flag) { Description = f.Description }).ToList();
        foreach (var flag in flags) command.Options.Add(flag);
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var rpcUrl = result.GetValue(options.RpcUrl)!;
            // Checked here as for every command: one line, the URL redacted, before the keeper starts.
            var reader = VaultsClient.ReaderFor(rpcUrl);
            List<string> args = ["--rpc-url", rpcUrl, "--deployment", result.GetValue(options.Deployment)!];
            var signer = options.Signer(result);
            if (signer.DevAccount is not null)
            {
                // The keeper takes keys from the environment or a keystore only; a dev key (public, devnet-checked here) goes through this process's environment.
                var chainId = await VaultsClient.NodeChainIdAsync(reader, rpcUrl, ct);
                var account = await signer.LoadAsync(chainId, ct);
                Environment.SetEnvironmentVariable(DevKeyVariable, Vaults.Devnet.HardhatDevAccounts.PublishedDevKeys[signer.DevAccount.Value].PrivateKey);
                args.AddRange(["--key-env", DevKeyVariable]);
                await Console.Error.WriteLineAsync($"keeper: signing with dev account {signer.DevAccount} ({account.Address})");
            }
            if (signer.KeyEnvironmentVariable is { } variable) args.AddRange(["--key-env", variable]);
            if (signer.KeystoreFile is { } keystore) args.AddRange(["--keystore", keystore]);
            if (signer.PasswordFile is { } password) args.AddRange(["--password-file", password]);
            foreach (var flag in flags)
                if (result.GetValue(flag) is { } value) args.AddRange([flag.Name, value]);
            // The keeper's log goes to stdout: its lines are redacted too (stderr already is, for every command).
            Console.SetOut(new RedactingWriter(Console.Out));
            return await KeeperApp.RunAsync([.. args], ct);
        }));
        return command;
    }
}
