using System.CommandLine;
using Spectre.Console;
using Vaults.Client;
using Vaults.Chain;

namespace Vaults.Cli.Commands;

/// <summary><c>vault open|add-margin|remove-margin|close|liquidate</c>: every input checked before the first transaction.</summary>
internal static class VaultTradeCommands
{
    public static IEnumerable<Command> Create(GlobalOptions options) =>
        [Open(options), AddMargin(options), RemoveMargin(options), Close(options), Liquidate(options)];

    private static Command Open(GlobalOptions options)
    {
        var side = new Option<string>("--side") { Description = "long or short", Required = true };
        // A validator rather than AcceptOnlyFromAmong: its message spans several lines; ours is one.
        side.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not ("long" or "short"))
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
                IsLong: result.GetValue(side) == "long",
                Collateral: Amount.ParsePositive(result.GetValue(collateral)!, "--collateral"),
                Size: result.GetValue(size) is { } s ? Amount.ParsePositive(s, "--size") : null,
                Leverage: result.GetValue(leverage) is { } l ? Amount.ParseLeverage(l) : null,
                AcceptablePrice: result.GetValue(acceptable) is { } a ? Amount.ParsePositive(a, "--acceptable-price") : null,
                Market: result.GetValue(market));
            var client = await options.ConnectAsync(result, signing: true, ct);
            var vault = await client.OpenVaultAsync(request, ct);
            var output = options.Output(result);
            if (output.IsJson) output.Json(vault, CliJsonContext.Default.VaultView);
            else
            {
                output.Line($"[green]Opened[/] {Markup.Escape(vault.Market)} {vault.Side} vault {vault.Address}: liquidation price {Format.Price(vault.LiquidationPrice)}.");
                output.Console.Write(VaultTable.Create([vault], client.TokenSymbol, output.IsNarrow));
            }
            return 0;
        }));
        return open;
    }

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
            output.Transaction($"{verb} {Format.Amount(value)} {client.TokenSymbol} ({vault})", tx);
        }, [amount], result => Amount.ParsePositive(result.GetValue(amount)!, "--amount"));
    }

    private static Command Close(GlobalOptions options) =>
        VaultCommand.PerVault(options, "close", "Close your vault at the oracle price and take out what is left", signing: true, async (client, vault, _, output, ct) =>
            output.Transaction($"Closed {vault}", await client.CloseVaultAsync(vault, ct: ct)));

    private static Command Liquidate(GlobalOptions options) =>
        VaultCommand.PerVault(options, "liquidate", "Liquidate a vault below maintenance margin (you receive the keeper fee)", signing: true, async (client, vault, _, output, ct) =>
        {
            var liquidation = await client.LiquidateAsync(vault, ct);
            if (output.IsJson) output.Json(liquidation, CliJsonContext.Default.LiquidationResult);
            else output.Line($"[red]Liquidated[/] {vault} in block {liquidation.Block} ({(liquidation.Full ? "full" : "partial")}): " +
                             $"keeper fee {Format.Amount(liquidation.KeeperFee)}, bad debt {Format.Amount(liquidation.BadDebt)} {Markup.Escape(client.TokenSymbol)}.");
        });
}
