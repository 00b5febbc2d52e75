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
            output.Console.Write(Table(pool, client.TokenSymbol));
            return 0;
        }));

        var deposit = new Option<string>("--amount") { Description = "Tokens, e.g. 10000", Required = true };
        var withdraw = new Option<string>("--amount") { Description = "Tokens, e.g. 500, or max (all the signer can withdraw now)", Required = true };
        return new Command("pool", "Provide or withdraw liquidity")
        {
            AmountCommand(options, "deposit", "Deposit tokens into the pool for LP shares", deposit, allowMax: false,
                (c, v, ct) => c.DepositAsync(v!.Value, ct), "Deposited"),
            AmountCommand(options, "withdraw", "Withdraw tokens from the pool (capped by free liquidity; --amount max for all you can)", withdraw, allowMax: true,
                (c, v, ct) => v is { } value ? c.WithdrawAsync(value, ct) : c.WithdrawMaxAsync(ct), "Withdrew"),
            show,
        };
    }

    /// <summary>The pool, and an account's shares (in shares, not tokens) and what they are worth.</summary>
    internal static Table Table(PoolView pool, string tokenSymbol)
    {
        var symbol = Markup.Escape(tokenSymbol);
        var table = new Table().AddColumns("", "Value");
        table.AddRow("Total assets", $"{Format.Amount(pool.TotalAssets)} {symbol}");
        table.AddRow("Free liquidity", $"{Format.Amount(pool.FreeLiquidity)} {symbol}");
        table.AddRow("LP shares outstanding", $"{Format.Size(pool.TotalShares)} shares");
        if (pool.Account is { } acc)
        {
            table.AddRow($"{acc}: LP shares", $"{Format.Size(pool.AccountShares)} shares");
            table.AddRow($"{acc}: shares' value", $"{Format.Amount(pool.AccountAssets)} {symbol}");
            table.AddRow($"{acc}: withdrawable now", $"{Format.Amount(pool.AccountMaxWithdraw)} {symbol}");
        }
        return table;
    }

    private static Command AmountCommand(GlobalOptions options, string name, string description, Option<string> amount, bool allowMax,
        Func<VaultsClient, decimal?, CancellationToken, Task<TransactionResult>> act, string verb)
    {
        var command = new Command(name, description) { amount };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var text = result.GetValue(amount)!;
            decimal? value = allowMax && text.Trim().Equals("max", StringComparison.OrdinalIgnoreCase) ? null : Amount.ParsePositive(text, "--amount");
            var client = await options.ConnectAsync(result, signing: true, ct);
            var tx = await act(client, value, ct);
            var pool = await client.GetPoolAsync(client.SignerAddress, ct);
            var output = options.Output(result);
            output.Write($"pool {name}", tx, pool, CliJsonContext.Default.PoolView,
                $"{verb} {Format.Amount(tx.Amount ?? 0)} {client.TokenSymbol}: you now hold {Format.Size(pool.AccountShares)} LP shares worth {Format.Amount(pool.AccountAssets)} {client.TokenSymbol}.");
            if (!output.IsJson) output.Console.Write(Table(pool, client.TokenSymbol));
            return 0;
        }));
        return command;
    }
}
