using System.CommandLine;
using Vaults.Cli.Commands;

namespace Vaults.Cli;

/// <summary>The root command: global options, then one command group per file under Commands/.</summary>
internal static class VaultsCommandLine
{
    public static RootCommand Build()
    {
        var options = new GlobalOptions();
        var root = new RootCommand("Vaults: isolated-margin vaults on Ethereum. Start with 'vaults demo', or 'vaults devnet' and the commands below.");
        options.AddTo(root);
        root.Subcommands.Add(DevnetCommand.Create(options));
        root.Subcommands.Add(DeployCommand.Create(options));
        root.Subcommands.Add(MarketCommand.Create(options));
        root.Subcommands.Add(OracleCommand.Create(options));
        root.Subcommands.Add(VaultCommand.Create(options));
        root.Subcommands.Add(PoolCommand.Create(options));
        root.Subcommands.Add(BalanceCommand.Create(options));
        root.Subcommands.Add(WatchCommand.Create(options));
        root.Subcommands.Add(KeeperCommand.Create(options));
        root.Subcommands.Add(DemoCommand.Create(options));
        // Every command but the two that start their own node talks to the node at --rpc-url.
        foreach (var command in root.Subcommands.Where(c => c.Name is not (DevnetCommand.Name or DemoCommand.Name)))
            options.AddNodeOptionTo(command);
        return root;
    }
}
