using System.Globalization;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.PriceOracle;
using Vaults.Devnet;

namespace Vaults.Cli.Tests;

/// <summary>pool deposit|withdraw|show and oracle show|set-price against the chain.</summary>
public sealed class PoolAndOracleTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    [Fact]
    public async Task Devnet_seeded_the_pool_and_pool_show_reports_it()
    {
        var pool = await Devnet.JsonAsync("pool", "show", "--account", HardhatDevAccounts.PublishedDevKeys[1].Address.ToString());

        Assert.Equal(1_000_000m, pool.GetProperty("totalAssets").GetAmount());
        Assert.Equal(1_000_000m, pool.GetProperty("freeLiquidity").GetAmount());
        Assert.Equal(1_000_000m, pool.GetProperty("accountAssets").GetAmount());
    }

    [Fact]
    public async Task Deposit_and_withdraw_move_exact_amounts()
    {
        var lp = HardhatDevAccounts.PublishedDevKeys[4].Address;
        var pool = new LiquidityPoolService(Devnet.Web3, Devnet.Deployment.LiquidityPool);

        var deposit = await Devnet.RunAsync("pool", "deposit", "--amount", "1234.567891", "--dev-account", "4");
        Assert.True(deposit.ExitCode == 0, deposit.ToString());
        Assert.Equal(Units.ToBaseUnits(1_001_234.567891m, 6), await pool.TotalAssetsQueryAsync());
        Assert.Equal(1234.567891m, (await Devnet.JsonAsync("pool", "show", "--dev-account", "4")).GetProperty("accountAssets").GetAmount());

        // The new shares are locked for the pool's deposit cooldown: a withdrawal now is refused in one line, nothing sent.
        var early = await Devnet.RunAsync("pool", "withdraw", "--amount", "234.567891", "--dev-account", "4");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("cooldown", early.Stderr);
        Assert.Single(early.Stderr.Trim().Split('\n'));

        await Devnet.AdvanceTimeAsync(61);
        var withdraw = await Devnet.RunAsync("pool", "withdraw", "--amount", "234.567891", "--dev-account", "4");
        Assert.True(withdraw.ExitCode == 0, withdraw.ToString());
        Assert.Equal(Units.ToBaseUnits(1000m, 6), await pool.ConvertToAssetsQueryAsync(await pool.BalanceOfQueryAsync(lp)));
    }

    [Fact]
    public async Task Set_price_posts_the_exact_answer_with_the_feed_decimals()
    {
        var set = await Devnet.RunAsync("oracle", "set-price", "--market", "ETH-USD", "--price", "1850.25", "--dev-account", "0");
        Assert.True(set.ExitCode == 0, set.ToString());

        var round = await new PriceOracleService(Devnet.Web3, Devnet.Deployment.PriceOracle).LatestRoundDataQueryAsync();
        Assert.Equal(Units.ToBaseUnits(1850.25m, 8), round.Answer);
        var shown = await Devnet.JsonAsync("oracle", "show", "--market", "ETH-USD");
        Assert.Equal(1850.25m, shown.GetProperty("price").GetAmount());
        Assert.Equal("ETH / USD", shown.GetProperty("description").GetString());

        var table = await Devnet.RunAsync("oracle", "show", "--market", "ETH-USD");
        Assert.Contains(1850.25m.ToString("#,0.00", CultureInfo.InvariantCulture), table.Stdout);
    }
}
