using System.CommandLine;
using Spectre.Console;
using Vaults.Client;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults devnet</c>: a local node with everything deployed and seeded, in the foreground until Ctrl-C.</summary>
internal static class DevnetCommand
{
    public const string Name = "devnet";

    /// <summary>Printed once the devnet answers and the deployment file is written (scripts and tests wait for it).</summary>
    public const string ReadyMarker = "Devnet ready";

    public static Command Create(GlobalOptions options)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1", DefaultValueFactory = _ => 8545 };
        port.Validators.Add(r =>
        {
            // Only a value that is a number: anything else is the parser's "takes a whole number" (reading it here would throw).
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is < 1 or > 65535)
                r.AddError($"--port must be between 1 and 65535 (got {value}).");
        });
        var force = new Option<bool>("--force") { Description = "Overwrite the deployment file even when it is not a previous devnet's" };
        var command = new Command(Name, "Start a local Hardhat node on 127.0.0.1, deploy and seed the system, write the deployment file, and run until Ctrl-C") { port, force };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var file = result.GetValue(options.Deployment)!;
            // Before the node starts: a refusal costs nothing and leaves the file as it was.
            var replacing = await DeploymentFileGuard.CheckAsync(file, result.GetValue(force), ct);
            var starting = Waiting.RunAsync(output, "Starting the devnet...", "", progress => LocalDevnet.StartAsync(result.GetValue(port), progress, ct));
            await using (var devnet = await starting)
            {
                await VaultsDeploymentFile.WriteAsync(file, devnet.Deployment, ct);
                if (replacing is not null)
                {
                    if (output.IsJson) await Console.Error.WriteLineAsync(replacing); else output.Console.WriteLine(replacing);
                }
                if (output.IsJson) output.Deployment(devnet.Deployment);
                else PrintAccounts(output, devnet);
                if (!output.IsJson)
                {
                    // For another shell: the commands there then need neither --rpc-url nor --deployment.
                    output.Console.WriteLine("To use this devnet from another shell:");
                    output.Console.WriteLine($"  export {EnvironmentDefaults.RpcUrlVariable}={devnet.RpcUrl}");
                    output.Console.WriteLine($"  export {EnvironmentDefaults.DeploymentVariable}={ShellWord(Path.GetFullPath(file))}");
                }
                // One plain line, also in JSON mode (on stderr there), so whoever started us knows when to go on.
                var ready = $"{ReadyMarker}: {devnet.RpcUrl} (chain {devnet.Deployment.ChainId}), deployment written to {file}. Press Ctrl-C to stop.";
                if (output.IsJson) await Console.Error.WriteLineAsync(ready); else output.Console.WriteLine(ready);

                // Ctrl-C (SIGINT) or SIGTERM cancels ct; leaving the block stops the node.
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            if (!output.IsJson) output.Console.WriteLine("Devnet stopped.");
            return 0;
        }));
        return command;
    }

    /// <summary>A path as one POSIX shell word (quoted when it holds anything but plain path characters).</summary>
    private static string ShellWord(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or ':' or '+') ? text : $"'{text.Replace("'", "'\\''")}'";

    private static void PrintAccounts(Output output, LocalDevnet devnet)
    {
        var table = new Table().Title("Dev accounts (Hardhat's published keys: local use only)").AddColumns("--dev-account", "Address", "Role");
        for (int i = 0; i < devnet.Node.Accounts.Count; i++)
        {
            var role = i switch
            {
                LocalDevnet.AdminAccount => "deployer, price reporter",
                LocalDevnet.LiquidityProviderAccount => $"LP ({LocalDevnet.PoolLiquidity:N0} in the pool)",
                _ => $"trader ({LocalDevnet.TraderBalance:N0} tokens)",
            };
            table.AddRow(i.ToString(), devnet.Node.Accounts[i].Address.ToString(), role);
        }
        output.Console.Write(table);
        output.Console.Write(DeploymentTable.Create(devnet.Deployment));
    }
}
