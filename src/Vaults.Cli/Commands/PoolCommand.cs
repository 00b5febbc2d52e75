using System.CommandLine;
using Vaults.Client;
using Spectre.Console;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults pool deposit|withdraw|show</c>: the liquidity pool from an LP's side.</summary>
internal static class PoolCommand
{
    public static Command Create(GlobalOptions options)
    {
        var account = new Option<string?>("--account") { Description = "Show this account's share (default: the signer's, if given)" };
        var show = new Command("show", "Show the pool's assets, free liquidity and an account's share") { account };
        show.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var who = result.GetValue(account) is { } a ? VaultsClient.ParseAddress(a, "--account address") : (Vaults.Chain.Address?)null;
            var client = await options.ConnectAsync(result, signing: false, ct);
            who ??= client.Account is { } signer ? Vaults.Chain.Address.Parse(signer.Address) : (Vaults.Chain.Address?)null;
            var pool = await client.GetPoolAsync(who, ct);
            var output = options.Output(result);
            if (output.IsJson) { output.Json(pool, CliJsonContext.Default.PoolView); return 0; }
            var table = new Table().AddColumns("", $"Amount ({Markup.Escape(client.TokenSymbol)})");
            table.AddRow("Total assets", Format.Amount(pool.TotalAssets));
            table.AddRow("Free liquidity", Format.Amount(pool.FreeLiquidity));
            if (pool.Account is { } acc)
            {
                table.AddRow($"{acc}: shares", Format.Amount(pool.AccountShares));
                table.AddRow($"{acc}: worth", Format.Amount(pool.AccountAssets));
                table.AddRow($"{acc}: withdrawable now", Format.Amount(pool.AccountMaxWithdraw));
            }
            output.Console.Write(table);
            return 0;
        }));

        return new Command("pool", "Provide or withdraw liquidity")
        {
            AmountCommand(options, "deposit", "Deposit tokens into the pool for LP shares", (c, v, ct) => c.DepositAsync(v, ct), "Deposited"),
            AmountCommand(options, "withdraw", "Withdraw tokens from the pool (capped by free liquidity)", (c, v, ct) => c.WithdrawAsync(v, ct), "Withdrew"),
            show,
        };
    }

    private static Command AmountCommand(GlobalOptions options, string name, string description,
        Func<VaultsClient, decimal, CancellationToken, Task<TransactionResult>> act, string verb)
    {
        var amount = new Option<string>("--amount") { Description = "Tokens, e.g. 10000", Required = true };
        var command = new Command(name, description) { amount };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var value = Amount.ParsePositive(result.GetValue(amount)!, "--amount");
            var client = await options.ConnectAsync(result, signing: true, ct);
            var tx = await act(client, value, ct);
            options.Output(result).Transaction($"{verb} {Format.Amount(value)} {client.TokenSymbol}", tx);
            return 0;
        }));
        return command;
    }
}
