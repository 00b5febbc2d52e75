using Vaults.Chain;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.MockSequencerFeed;
using Vaults.Contracts.MockSequencerFeed.ContractDefinition;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// A suspension with a known end (the L2 sequencer's grace period after it came back) gets a round scheduled at that end: the vaults go in
/// the first block after it, with no new block or price to wake the keeper.
/// </summary>
public sealed class KeeperSuspensionTests(VaultsFixture vaults, Xunit.Abstractions.ITestOutputHelper output) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;
    private const uint Grace = 10; // long enough that a loaded machine's first round still falls inside it

    [Fact]
    public async Task Liquidations_held_by_the_sequencers_grace_period_go_out_at_its_end_without_a_new_block_or_price()
    {
        var unhealthy = new List<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        // Polling only, so nothing but the keeper's own schedule wakes it while no block is mined.
        var options = Options(KeeperAccount, NewDatabasePath(), webSocket: false);
        options.HttpPort = global::Vaults.Devnet.FreePort.Pick();
        var keeper = await StartKeeperAsync(options);
        await keeper.Status.WaitUntilSyncedAsync(CancellationToken.None);

        var deployed = await MockSequencerFeedService.DeployContractAndWaitForReceiptAsync(Web3(0), new MockSequencerFeedDeployment { Down = false });
        var sequencer = new MockSequencerFeedService(Web3(0), Address.Parse(deployed.ContractAddress!));
        await new MarketConfigService(Web3(0), Deployment.MarketConfig).SetSequencerFeedRequestAndWaitForReceiptAsync(sequencer.ContractAddress, Grace);
        var upSince = (long)(await sequencer.LatestRoundDataQueryAsync()).StartedAt;
        await SetPriceAsync(1_780); // the two longs cross, but no price can be used before upSince + grace
        ulong priceBlock = await BlockNumberAsync();

        await WaitUntilAsync(() => keeper.Logs.Text.Contains("liquidations suspended", StringComparison.Ordinal), "the keeper to see the grace period");
        Assert.Contains("a round is scheduled at its end", keeper.Logs.Text, StringComparison.Ordinal);
        Assert.Equal(0, keeper.Status.Liquidations);
        Assert.Equal(priceBlock, await BlockNumberAsync()); // nothing sent meanwhile

        try
        {
            await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the scheduled round to liquidate the two vaults", seconds: 30);
        }
        finally
        {
            foreach (var line in keeper.Logs.Lines.Where(l => !l.Contains("Debug", StringComparison.Ordinal) || l.Contains("Market", StringComparison.Ordinal))) output.WriteLine(line);
        }
        var liquidations = await LiquidationsSinceAsync(priceBlock);
        Assert.Equal(unhealthy.ToHashSet(), liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block)); // the first block after the price: the keeper's own
        var block = await Devnet.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(priceBlock + 1));
        Assert.True((long)block.Timestamp.Value > upSince + Grace);

        // Each vault's latency runs from the price update that made it liquidatable to its own receipt: the grace period's wait shows.
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{options.HttpPort}/metrics");
        var sum = double.Parse(metrics.Split('\n').Single(l => l.StartsWith("keeper_price_to_liquidation_seconds_sum ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("keeper_price_to_liquidation_seconds_count 2", metrics);
        Assert.True(sum >= 2 * (Grace - 2), $"latency sum {sum} s for two vaults held about {Grace} s");
    }
}
