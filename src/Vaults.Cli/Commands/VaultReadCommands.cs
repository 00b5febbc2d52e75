using System.CommandLine;
using Spectre.Console;
using Vaults.Client;

namespace Vaults.Cli.Commands;

/// <summary><c>vault list</c> and <c>vault show</c>.</summary>
internal static class VaultReadCommands
{
    public static IEnumerable<Command> Create(GlobalOptions options)
    {
        var owner = new Option<string?>("--owner") { Description = "Only the vaults of this owner" };
        var mine = new Option<bool>("--mine") { Description = "Only the signer's vaults" };
        var all = new Option<bool>("--all") { Description = "Include closed and liquidated vaults" };
        var market = MarketOption.Create("only the vaults of this market");
        var list = new Command("list", "List vaults with market, side, size, entry, equity, margin ratio, liquidation price and distance to it") { owner, mine, all, market };
        list.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var ownerFilter = result.GetValue(owner) is { } o ? VaultsClient.ParseAddress(o, "--owner address") : (Vaults.Chain.Address?)null;
            var client = await options.ConnectAsync(result, signing: result.GetValue(mine), ct);
            if (result.GetValue(mine)) ownerFilter = client.SignerAddress;
            var vaults = await client.ListVaultsAsync(ownerFilter, openOnly: !result.GetValue(all), ct, result.GetValue(market) is { } m ? client.Market(m).Name : null);
            var output = options.Output(result);
            if (output.IsJson) output.Json(vaults, CliJsonContext.Default.IReadOnlyListVaultView);
            else if (vaults.Count == 0) output.Line("No vaults.");
            else output.Console.Write(VaultTable.Create(vaults, client.TokenSymbol, output.IsNarrow));
            return 0;
        }));

        var show = VaultCommand.PerVault(options, "show", "Show one vault: collateral, equity, maintenance margin, fees, liquidation price and the distance to it", signing: false, async (client, vault, _, output, ct) =>
        {
            var view = await client.GetVaultDetailsAsync(vault, ct);
            if (output.IsJson) output.Json(view, CliJsonContext.Default.VaultView);
            else output.Console.Write(VaultDetailTable.Create(view, client.TokenSymbol));
        });

        var history = VaultCommand.PerVault(options, "history", "Every event of a vault in order (seq, block, time, amounts) and how it ended", signing: false, async (client, vault, _, output, ct) =>
        {
            var h = await client.GetVaultHistoryAsync(vault, ct);
            if (output.IsJson) { output.Json(h, CliJsonContext.Default.VaultHistory); return; }
            var table = new Table().AddColumns("Seq", "Block", "Time (UTC)", "Event", "Details");
            foreach (var e in h.Events)
                table.AddRow(e.Seq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", e.Block.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    e.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(e.Kind), Markup.Escape(e.Description));
            output.Line($"Vault {h.Vault} of {h.Owner}");
            output.Console.Write(table);
            output.Line(Markup.Escape(h.Outcome));
        });

        return [list, show, history];
    }
}
