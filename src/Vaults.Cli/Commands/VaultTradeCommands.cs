using System.CommandLine;
using Spectre.Console;
using Vaults.Client;
using Vaults.Chain;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vault open|add-margin|remove-margin|close|liquidate</c>: every input checked before the first transaction, and every write
/// prints its transaction (hash, block, gas used) and the state it left (see <see cref="Output.Write"/>).
/// </summary>
internal static class VaultTradeCommands
{
    public static IEnumerable<Command> Create(GlobalOptions options) =>
        [Open(options), AddMargin(options), RemoveMargin(options), Close(options), Liquidate(options)];

    private static Command Open(GlobalOptions options)
    {
        var side = new Option<string>("--side") { Description = "long or short", Required = true };
        // A validator rather than AcceptOnlyFromAmong: its message spans several lines; ours is one. Any case: LONG, Short.
        side.Validators.Add(r =>
        {
            if (ParseSide(r.GetValueOrDefault<string>()) is null)
                r.AddError($"--side must be long or short (got '{r.GetValueOrDefault<string>()}').");
        });
        var collateral = new Option<string>("--collateral") { Description = "Margin in tokens, e.g. 1000", Required = true };
        var leverage = new Option<string?>("--leverage") { Description = "Leverage, e.g. 5x (size = collateral x leverage / price)" };
        var size = new Option<string?>("--size") { Description = "Position size in base units, e.g. 2.5 (instead of --leverage)" };
        var acceptable = new Option<string?>("--acceptable-price") { Description = "Worst entry price accepted (default: current price ±1%)" };
        var market = MarketOption.Create("the market to trade (required when there are several)");
        var open = new Command("open", "Open a vault with a long or short position") { side, collateral, leverage, size, acceptable, market };
        open.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var request = new OpenVaultRequest(
                IsLong: ParseSide(result.GetValue(side)) == true,
                Collateral: Amount.ParsePositive(result.GetValue(collateral)!, "--collateral"),
                Size: result.GetValue(size) is { } s ? Amount.ParsePositive(s, "--size") : null,
                Leverage: result.GetValue(leverage) is { } l ? Amount.ParseLeverage(l) : null,
                AcceptablePrice: result.GetValue(acceptable) is { } a ? Amount.ParsePositive(a, "--acceptable-price") : null,
                Market: result.GetValue(market));
            var client = await options.ConnectAsync(result, signing: true, ct);
            var (vault, tx) = await client.OpenVaultWithTransactionAsync(request, ct);
            var output = options.Output(result);
            output.Write("vault open", tx, vault, CliJsonContext.Default.VaultView,
                $"Opened {vault.Market} {vault.Side} vault {vault.Address}: liquidation price {Format.Price(vault.LiquidationPrice)}.");
            if (!output.IsJson) output.Console.Write(VaultTable.Create([vault], client.TokenSymbol, output.IsNarrow));
            return 0;
        }));
        return open;
    }

    /// <summary>true for long, false for short, null for anything else (any letter case).</summary>
    internal static bool? ParseSide(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "long" => true,
        "short" => false,
        _ => null,
    };

    private static Command AddMargin(GlobalOptions options) => MarginCommand(options, "add-margin", "Add margin to an open vault (anyone may top up any vault)",
        (client, vault, amount, ct) => client.AddMarginAsync(vault, amount, ct), "Added");

    private static Command RemoveMargin(GlobalOptions options) => MarginCommand(options, "remove-margin", "Withdraw margin from your vault (never against unrealised profit)",
        (client, vault, amount, ct) => client.RemoveMarginAsync(vault, amount, ct), "Removed");

    private static Command MarginCommand(GlobalOptions options, string name, string description,
        Func<VaultsClient, Address, decimal, CancellationToken, Task<TransactionResult>> act, string verb)
    {
        var amount = new Option<string>("--amount") { Description = "Tokens, e.g. 250.5", Required = true };
        return VaultCommand.PerVault(options, name, description, signing: true, async (client, vault, result, output, ct) =>
        {
            var value = Amount.ParsePositive(result.GetValue(amount)!, "--amount");
            var tx = await act(client, vault, value, ct);
            // What the user needs next: the new liquidation price and distance.
            var after = await client.GetVaultAsync(vault, ct);
            output.Write($"vault {name}", tx, after, CliJsonContext.Default.VaultView,
                $"{verb} {Format.Amount(value)} {client.TokenSymbol} ({vault}): collateral now {Format.Amount(after.Collateral)} {client.TokenSymbol}, " +
                $"liquidation price {Format.Price(after.LiquidationPrice)} ({Format.Percent(after.DistancePercent)} away).");
        }, [amount], result => Amount.ParsePositive(result.GetValue(amount)!, "--amount"));
    }

    private static Command Close(GlobalOptions options) =>
        VaultCommand.PerVault(options, "close", "Close your vault at the oracle price and take out what is left", signing: true, async (client, vault, _, output, ct) =>
        {
            var closed = await client.CloseVaultAsync(vault, ct: ct);
            var symbol = client.TokenSymbol;
            output.Write("vault close", closed.Transaction, closed, CliJsonContext.Default.VaultClosure,
                $"Closed {vault} at {Format.Price(closed.Price)}: paid out {Format.Amount(closed.Payout)} {symbol}, realised PnL {Format.Amount(closed.RealizedPnl)} {symbol}, " +
                $"close fee {Format.Amount(closed.CloseFee)} {symbol}" + (closed.BadDebt > 0 ? $", bad debt {Format.Amount(closed.BadDebt)} {symbol}." : "."));
        });

    private static Command Liquidate(GlobalOptions options) =>
        VaultCommand.PerVault(options, "liquidate", "Liquidate a vault below maintenance margin (you receive the keeper fee)", signing: true, async (client, vault, _, output, ct) =>
        {
            var liquidation = await client.LiquidateAsync(vault, ct);
            var symbol = client.TokenSymbol;
            var tx = new TransactionResult(liquidation.TransactionHash, liquidation.Block, vault) { GasUsed = liquidation.GasUsed };
            output.Write("vault liquidate", tx, liquidation, CliJsonContext.Default.LiquidationResult,
                $"Liquidated {vault} ({(liquidation.Full ? "full" : "partial")}) at {Format.Price(liquidation.Price)}: keeper fee {Format.Amount(liquidation.KeeperFee)} {symbol} to you, " +
                $"penalty {Format.Amount(liquidation.Penalty)} {symbol}, bad debt {Format.Amount(liquidation.BadDebt)} {symbol}" +
                (liquidation.Full ? "." : $"; size {Format.Size(liquidation.RemainingSize)} left open."));
        });
}
