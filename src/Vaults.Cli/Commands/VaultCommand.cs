using System.CommandLine;
using Vaults.Client;
using Vaults.Chain;

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

    /// <summary>
    /// A command on one vault (<c>vault NAME 0x... [options]</c>): the address and <paramref name="validate"/> run before
    /// connecting (bad input is refused even without a node), then <paramref name="act"/> runs with a client (signing
    /// when <paramref name="signing"/>) and the output.
    /// </summary>
    public static Command PerVault(GlobalOptions options, string name, string description, bool signing,
        Func<VaultsClient, Address, ParseResult, Output, CancellationToken, Task> act, Option[]? extra = null, Action<ParseResult>? validate = null)
    {
        var vaultArgument = new Argument<string>("vault") { Description = "Vault address (0x...)" };
        var command = new Command(name, description) { vaultArgument };
        foreach (var option in extra ?? []) command.Options.Add(option);
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var vault = VaultsClient.ParseAddress(result.GetValue(vaultArgument)!, "vault address");
            validate?.Invoke(result);
            var client = await options.ConnectAsync(result, signing, ct);
            await act(client, vault, result, options.Output(result), ct);
            return 0;
        }));
        return command;
    }
}
