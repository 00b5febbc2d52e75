using System.CommandLine;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults vault ...</c>: the read commands (list, show) and the trading commands (open, add-margin, remove-margin, close, liquidate).</summary>
internal static class VaultCommand
{
    public static Command Create(GlobalOptions options)
    {
        var command = new Command("vault", "Open, inspect, manage and liquidate vaults");
        foreach (var sub in VaultReadCommands.Create(options)) command.Subcommands.Add(sub);
        foreach (var sub in VaultTradeCommands.Create(options)) command.Subcommands.Add(sub);
        return command;
    }

    /// <summary>The vault address argument every per-vault command takes.</summary>
    public static Argument<string> VaultArgument() => new("vault") { Description = "Vault address (0x...)" };
}
