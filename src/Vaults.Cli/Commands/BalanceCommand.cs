using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults balance [ADDRESS]</c>: what an account holds, as cast balance does for ETH: the token, LP shares and their worth, ETH for gas.</summary>
internal static class BalanceCommand
{
    public static Command Create(GlobalOptions options)
    {
        var address = new Argument<string?>("address") { Description = "The account (default: the signer's)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("balance", "Show an account's settlement tokens, LP shares (and their value) and ETH") { address };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var given = result.GetValue(address) is { } text ? VaultsClient.ParseAddress(text, "address") : (Vaults.Chain.Address?)null;
            if (given is null && !options.Signer(result).IsSet)
                throw new VaultsClientException("'vaults balance' needs an ADDRESS, or a signer (--key-env, --keystore or --dev-account) whose balance to show.");
            var client = await options.ConnectAsync(result, signing: given is null, ct);
            var balance = await client.GetBalanceAsync(given ?? client.SignerAddress, ct);
            var output = options.Output(result);
            if (output.IsJson) { output.Json(balance, CliJsonContext.Default.BalanceView); return 0; }
            var symbol = balance.TokenSymbol;
            var table = new Table().Title(Markup.Escape(balance.Account.ToString())).AddColumns("", "Balance");
            table.AddRow(Markup.Escape(symbol), Markup.Escape($"{Format.Amount(balance.Tokens)} {symbol}"));
            table.AddRow("LP shares", $"{Format.Size(balance.LpShares)} shares");
            table.AddRow("LP shares' value", Markup.Escape($"{Format.Amount(balance.LpSharesValue)} {symbol} ({Format.Amount(balance.LpWithdrawableNow)} withdrawable now)"));
            table.AddRow("ETH (gas)", $"{Format.Size(balance.Eth)} ETH");
            table.AddRow("Open vaults", balance.OpenVaults.ToString(System.Globalization.CultureInfo.InvariantCulture));
            output.Console.Write(table);
            return 0;
        }));
        return command;
    }
}
