using Nethereum.Contracts;
using Vaults.Chain;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Vaults.Devnet;
using Vaults.Integration.Tests.VaultSystem;
using Xunit.Abstractions;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// The keeper follows every market: one created while it runs is watched from its MarketParamsSet on (its feed's updates trigger rounds,
/// its vaults are candidates), and a market whose price the factory refuses (a stale feed) holds back only its own vaults.
/// </summary>
public sealed class KeeperMultiMarketTests(VaultsFixture vaults, ITestOutputHelper output) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;

    /// <summary>BTC-USD at 60,000: up to 5x, maintenance 5 % to 8 %; a short heartbeat so a test can let the feed go stale.</summary>
    private static readonly MarketSettings Btc = new()
    {
        InitialMarginBps = 2_000, TargetMarginBps = 1_000, MaintenanceMarginBps = [500, 600, 700, 800], HeartbeatSeconds = 60,
        MaxOpenInterest = 100,
    };

    /// <summary>Deploys a PriceOracle (account 0 reporting) at <paramref name="price"/> and creates a market on it; returns its id and feed.</summary>
    private async Task<(ulong Id, Address Feed)> CreateMarketAsync(string description, decimal price, MarketSettings settings)
    {
        var owner = AccountAddress(0);
        var deployed = await Web3(0).Eth.GetContractDeploymentHandler<PriceOracleDeployment>()
            .SendRequestAndWaitForReceiptAsync(new PriceOracleDeployment { Decimals = 8, Description = description, Owner = owner });
        var feed = Address.Parse(deployed.ContractAddress);
        var oracle = new PriceOracleService(Web3(0), feed);
        await oracle.SetReporterRequestAndWaitForReceiptAsync(owner, true);
        await oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));
        var created = await new MarketConfigService(Web3(0), Deployment.MarketConfig).CreateMarketRequestAndWaitForReceiptAsync(settings.ToMarketParams(feed, 6));
        return ((ulong)created.DecodeAllEvents<MarketParamsSetEventDTO>().Single().Event.MarketId, feed);
    }

    private Task SetFeedPriceAsync(Address feed, decimal price) =>
        new PriceOracleService(Web3(0), feed).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    [Theory]
    [InlineData(true)]  // the new feed's AnswerUpdated over the WebSocket (the subscription made again over both feeds)
    [InlineData(false)] // block polling alone
    public async Task A_vault_in_a_market_created_after_the_keeper_started_is_liquidated_in_the_block_after_its_feeds_update(bool webSocket)
    {
        var options = Options(KeeperAccount, NewDatabasePath(), webSocket);
        options.HttpPort = FreePort.Pick();
        var keeper = await StartKeeperAsync(options);
        await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        var (btc, btcFeed) = await CreateMarketAsync("BTC / USD", 60_000, Btc);
        // 0.1 BTC at 60,000 with 1,500: 4x, liquidatable below (6,000 − 1,500) / (0.1 × 0.95) ≈ 47,368; with 3,000 below ≈ 31,579.
        var crossed = await OpenInAsync(btc, 2, true, 1_500, 0.1m);
        var safe = await OpenInAsync(btc, 3, true, 3_000, 0.1m);
        var eth = await OpenAsync(4, true, 450, 1); // ETH-USD, healthy at 2,000 and untouched by BTC's fall
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock >= (long)opened && keeper.Status.VaultsIndexed == 3, "the keeper to index the 3 vaults");
        await WaitUntilAsync(() => keeper.Logs.Text.Contains("Watching market 1 (BTC-USD)", StringComparison.Ordinal), "the keeper to watch the new market");

        await SetFeedPriceAsync(btcFeed, 46_000);
        ulong priceBlock = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.Liquidations == 1, "the keeper to liquidate the BTC vault");

        var liquidation = Assert.Single(await LiquidationsSinceAsync(opened));
        Assert.Equal(crossed, liquidation.Event.Vault);
        Assert.Equal(priceBlock + 1, liquidation.Block);
        Assert.Equal(Wad(46_000), liquidation.Event.Price);
        Assert.Equal(1, await PositionStatusAsync(safe));
        Assert.Equal(1, await PositionStatusAsync(eth));

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{options.HttpPort}/metrics");
        output.WriteLine(metrics);
        Assert.Contains("keeper_liquidations_total{market=\"BTC-USD\"} 1", metrics);
        Assert.Contains("keeper_liquidations_total{market=\"ETH-USD\"} 0", metrics);
        Assert.Contains("keeper_price_age_seconds{market=\"BTC-USD\"}", metrics);
        Assert.Contains("keeper_price_to_liquidation_seconds_count 1", metrics);
        Assert.Null(keeper.Status.FatalError);
    }

    [Fact]
    public async Task A_stale_feed_in_one_market_holds_back_only_its_vaults_while_the_other_markets_are_liquidated()
    {
        var (btc, btcFeed) = await CreateMarketAsync("BTC / USD", 60_000, Btc);
        var btcVault = await OpenInAsync(btc, 2, true, 1_500, 0.1m);
        var (unhealthy, healthy) = (new List<Address> { await OpenAsync(3, true, 250, 1), await OpenAsync(4, true, 270, 1) }, await OpenAsync(5, true, 450, 1));
        // BTC falls below the vault's liquidation price, then its feed goes silent past the 60 s heartbeat: the factory refuses the price
        // (StalePrice), so previewMany reverts for the BTC vault. The ETH feed (heartbeat one hour) stays usable.
        await SetFeedPriceAsync(btcFeed, 46_000);
        await Devnet.DevTools.IncreaseTimeAsync(120);
        await Devnet.DevTools.MineAsync();

        var keeper = await StartKeeperAsync(Options(KeeperAccount, NewDatabasePath()));
        await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await WaitUntilAsync(() => keeper.Logs.Text.Contains("Market BTC-USD: no usable price", StringComparison.Ordinal), "the keeper to hold BTC-USD back");
        Assert.Contains("StalePrice", keeper.Logs.Text, StringComparison.Ordinal);

        await SetPriceAsync(1_780);
        ulong priceBlock = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the keeper to liquidate the two ETH vaults");
        var liquidations = await LiquidationsSinceAsync(priceBlock);
        Assert.Equal(unhealthy.ToHashSet(), liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block));
        Assert.Equal(1, await PositionStatusAsync(btcVault));
        Assert.Equal(1, await PositionStatusAsync(healthy));

        // A fresh BTC round ends the hold: the BTC vault goes in the block after it.
        await SetFeedPriceAsync(btcFeed, 46_000);
        ulong btcBlock = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count + 1, "the keeper to liquidate the BTC vault after its feed recovered");
        var btcLiquidation = Assert.Single(await LiquidationsSinceAsync(btcBlock));
        Assert.Equal(btcVault, btcLiquidation.Event.Vault);
        Assert.Equal(btcBlock + 1, btcLiquidation.Block);
        Assert.Contains("Market BTC-USD: price usable again", keeper.Logs.Text, StringComparison.Ordinal);
        Assert.Null(keeper.Status.FatalError);
        Assert.Equal(0, keeper.Status.RpcErrors);
    }
}
