using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.VaultFactory;
using Vaults.Chain;

namespace Vaults.Cli.Tests;

/// <summary>vault open|list|show|add-margin|remove-margin|close|liquidate, checked against the chain through the typed bindings.</summary>
public sealed class VaultCommandTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    private VaultFactoryService Factory => new(Devnet.Web3, Devnet.Deployment.VaultFactory);
    private TestUSDCService Token => new(Devnet.Web3, Devnet.Deployment.SettlementToken);
    private static Address Trader(int account) => Vaults.Devnet.HardhatDevAccounts.PublishedDevKeys[account].Address;

    private async Task<JsonElement> OpenAsync(int account, string side, string collateral, string leverage) =>
        (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", side, "--collateral", collateral, "--leverage", leverage, "--dev-account", account.ToString())).WriteResult("vault open");

    private static decimal Number(JsonElement json, string property) => json.GetProperty(property).GetAmount();

    [Fact]
    public async Task Open_with_leverage_creates_the_vault_on_chain_with_exact_collateral_and_size()
    {
        var opened = await OpenAsync(2, "long", "1000", "5x");

        var vault = Address.Parse(opened.GetProperty("address").GetString()!);
        var position = await Factory.PositionQueryAsync(vault);
        Assert.Equal(1, position.Status); // Open
        Assert.True(position.IsLong);
        Assert.Equal(Units.ToBaseUnits(1000m, 6), position.Collateral);
        // 1,000 × 5 at 2,000 = 2.5 ETH exactly.
        Assert.Equal(Units.ToBaseUnits(2.5m, 18), position.Size);
        Assert.Equal(Trader(2), await Factory.OwnerOfQueryAsync(vault));
        Assert.Equal(Trader(2).ToString(), opened.GetProperty("owner").GetString());
        Assert.Equal(Units.Format(await Factory.LiquidationPriceQueryAsync(vault), 18), Number(opened, "liquidationPrice").ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task List_json_shows_side_size_entry_equity_margin_ratio_liquidation_price_and_distance()
    {
        var longVault = await OpenAsync(2, "long", "1000", "5x");
        var shortVault = await OpenAsync(3, "short", "500.5", "3");

        var list = await Devnet.JsonAsync("vault", "list");

        Assert.Equal(2, list.GetArrayLength());
        var byAddress = list.EnumerateArray().ToDictionary(v => v.GetProperty("address").GetString()!);
        var l = byAddress[longVault.GetProperty("address").GetString()!];
        Assert.Equal("long", l.GetProperty("side").GetString());
        Assert.Equal(2.5m, Number(l, "size"));
        Assert.Equal(2000m, Number(l, "entryPrice"));
        Assert.Equal("Healthy", l.GetProperty("health").GetString());
        // Equity after the close fee owed (0.1% of 5,000 notional): 995.
        Assert.Equal(995m, Number(l, "equity"));
        Assert.Equal(19.9m, Number(l, "marginRatioPercent"));
        var liquidation = Number(l, "liquidationPrice");
        Assert.InRange(liquidation, 1600m, 1700m);
        Assert.Equal(decimal.Round((2000m - liquidation) / 2000m * 100m, 4), Number(l, "distancePercent"));
        var s = byAddress[shortVault.GetProperty("address").GetString()!];
        Assert.Equal("short", s.GetProperty("side").GetString());
        Assert.True(Number(s, "liquidationPrice") > 2000m);

        var mine = await Devnet.JsonAsync("vault", "list", "--mine", "--dev-account", "3");
        Assert.Equal(shortVault.GetProperty("address").GetString(), Assert.Single(mine.EnumerateArray()).GetProperty("address").GetString());
    }

    [Fact]
    public async Task List_and_show_tables_name_every_column_and_the_health()
    {
        var opened = await OpenAsync(4, "long", "2000", "2x");
        var address = opened.GetProperty("address").GetString()!;

        var list = await Devnet.RunAsync("vault", "list");
        var show = await Devnet.RunAsync("vault", "show", address);

        // The list has a column per figure; show has a row per figure (with the maintenance margin, fees and the distance to liquidation too).
        foreach (var (result, labels) in new[] { (list, new[] { "Side", "Size", "Entry", "Equity", "Margin ratio", "Liq. price", "Distance" }),
                     (show, new[] { "Side", "Size", "Entry price", "Equity", "Margin ratio", "Liquidation price", "Distance to it", "Maintenance margin" }) })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            foreach (var column in labels)
                Assert.Contains(column, result.Stdout);
            Assert.Contains(address, result.Stdout);
            Assert.Contains("Healthy", result.Stdout);
            Assert.DoesNotContain("\u001b[", result.Stdout); // no escape codes when redirected
        }
    }

    [Fact]
    public async Task List_in_an_80_column_console_shortens_addresses_and_fits_each_row_on_a_line()
    {
        var opened = await OpenAsync(4, "short", "1000.5", "3x");
        var address = opened.GetProperty("address").GetString()!;
        var narrow = new Dictionary<string, string> { ["COLUMNS"] = "80" };

        var table = await Cli.RunAsync(["vault", "list", "--rpc-url", Devnet.RpcUrl], Devnet.Directory, environment: narrow);
        var json = await Cli.RunAsync(["vault", "list", "--json", "--rpc-url", Devnet.RpcUrl], Devnet.Directory, environment: narrow);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"{address[..6]}…{address[^4..]}", table.Stdout);
        Assert.DoesNotContain(address, table.Stdout);
        Assert.All(table.Stdout.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains("Healthy", table.Stdout);
        Assert.Equal(address, JsonDocument.Parse(json.Stdout).RootElement[0].GetProperty("address").GetString());
    }

    [Fact]
    public async Task Add_and_remove_margin_change_the_collateral_exactly()
    {
        var opened = await OpenAsync(5, "long", "1000", "3x");
        var vault = opened.GetProperty("address").GetString()!;

        var add = await Devnet.RunAsync("vault", "add-margin", vault, "--amount", "250.5", "--dev-account", "5");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(Units.ToBaseUnits(1250.5m, 6), (await Factory.PositionQueryAsync(Address.Parse(vault))).Collateral);

        var balanceBefore = await Token.BalanceOfQueryAsync(Trader(5));
        var remove = await Devnet.RunAsync("vault", "remove-margin", vault, "--amount", "100.25", "--dev-account", "5", "--json");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(Units.ToBaseUnits(1150.25m, 6), (await Factory.PositionQueryAsync(Address.Parse(vault))).Collateral);
        Assert.Equal(balanceBefore + Units.ToBaseUnits(100.25m, 6), await Token.BalanceOfQueryAsync(Trader(5)));
        Assert.Equal(1150.25m, JsonDocument.Parse(remove.Stdout).RootElement.WriteResult("vault remove-margin").GetProperty("collateral").GetAmount());
    }

    [Fact]
    public async Task Close_marks_the_vault_closed_and_pays_the_owner()
    {
        var opened = await OpenAsync(6, "short", "1000", "2");
        var vault = opened.GetProperty("address").GetString()!;
        var balanceBefore = await Token.BalanceOfQueryAsync(Trader(6));

        var close = await Devnet.RunAsync("vault", "close", vault, "--dev-account", "6");

        Assert.True(close.ExitCode == 0, close.ToString());
        Assert.Equal(2, (await Factory.PositionQueryAsync(Address.Parse(vault))).Status); // Closed
        // Price unchanged: the owner gets the collateral back minus the close fee (0.1% of 2,000 notional = 2).
        Assert.Equal(balanceBefore + Units.ToBaseUnits(998m, 6), await Token.BalanceOfQueryAsync(Trader(6)));
        var all = await Devnet.JsonAsync("vault", "list", "--all");
        Assert.Equal("Closed", Assert.Single(all.EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(0, (await Devnet.JsonAsync("vault", "list")).GetArrayLength());
    }

    [Fact]
    public async Task Set_price_below_the_liquidation_price_lets_anyone_liquidate_for_the_fee()
    {
        var opened = await OpenAsync(7, "long", "1000", "9x");
        var vault = opened.GetProperty("address").GetString()!;
        var liquidationPrice = Number(opened, "liquidationPrice");
        var crash = decimal.Round(liquidationPrice - 10m, 2);

        var set = await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", crash.ToString(CultureInfo.InvariantCulture), "--dev-account", "0");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal(crash, Number(await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD"), "price"));
        Assert.Equal("Liquidatable", (await Devnet.JsonAsync("vault", "show", vault)).GetProperty("health").GetString());

        var keeperBefore = await Token.BalanceOfQueryAsync(Trader(8));
        var liquidation = (await Devnet.JsonAsync("vault", "liquidate", vault, "--dev-account", "8")).WriteResult("vault liquidate");

        var fee = Number(liquidation, "keeperFee");
        Assert.True(fee >= 5m, $"keeper fee {fee} below the floor");
        Assert.Equal(keeperBefore + Units.ToBaseUnits(fee, 6), await Token.BalanceOfQueryAsync(Trader(8)));
        Assert.Equal(Trader(8).ToString(), liquidation.GetProperty("keeper").GetString());
        var position = await Factory.PositionQueryAsync(Address.Parse(vault));
        Assert.True(position.Status == 3 || position.Size < Units.ToBaseUnits(Number(opened, "size"), 18), "neither fully nor partially liquidated");
    }
}
