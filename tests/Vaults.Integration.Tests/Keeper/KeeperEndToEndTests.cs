using Vaults.Devnet;
using Vaults.Chain;
using Vaults.Integration.Tests.VaultSystem;
using Xunit.Abstractions;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>The keeper daemon end to end on the real node: vaults opened, a price update, and the liquidation in the next block.</summary>
public sealed class KeeperEndToEndTests(VaultsFixture vaults, ITestOutputHelper output) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 8;

    /// <summary>
    /// Long 1 @ 2,000 is liquidatable below (2,000 − C) / 0.969, a short above (2,000 + C) / 1.031 (see LiquidationExecutorTests).
    /// At 1,780: the longs with C = 250 (≈1,806) and C = 270 (≈1,785) cross; the long with C = 450 and the shorts do not.
    /// </summary>
    private async Task<(List<Address> Unhealthy, List<Address> Healthy)> OpenBookAsync()
    {
        var unhealthy = new List<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        var healthy = new List<Address> { await OpenAsync(4, true, 450, 1), await OpenAsync(5, false, 300, 1), await OpenAsync(6, false, 1_000, 1) };
        return (unhealthy, healthy);
    }

    [Theory]
    [InlineData(true)]  // AnswerUpdated and newHeads pushed over the WebSocket
    [InlineData(false)] // block polling alone (the fallback)
    public async Task Liquidates_exactly_the_vaults_the_price_update_pushed_below_maintenance_in_the_next_block(bool webSocket)
    {
        ulong start = await BlockNumberAsync();
        var options = Options(KeeperAccount, NewDatabasePath(), webSocket);
        options.HttpPort = FreePort.Pick();
        var keeper = await StartKeeperAsync(options);
        await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        // Opened while the keeper runs: it follows the new blocks into its index.
        var (unhealthy, healthy) = await OpenBookAsync();
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.LastBlock >= (long)opened && keeper.Status.VaultsIndexed == 5, "the keeper to index the 5 vaults");

        await SetPriceAsync(1_780);
        ulong priceBlock = await BlockNumberAsync();
        await WaitUntilAsync(() => keeper.Status.Liquidations == unhealthy.Count, "the keeper to liquidate the two unhealthy vaults");

        var liquidations = await LiquidationsSinceAsync(start);
        Assert.Equal(unhealthy.ToHashSet(), liquidations.Select(l => (Address)l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count);
        Assert.All(liquidations, l => Assert.Equal(priceBlock + 1, l.Block));
        Assert.All(liquidations, l => Assert.Equal(AccountAddress(KeeperAccount), l.Event.Keeper));
        foreach (var vault in healthy) Assert.Equal(1, await PositionStatusAsync(vault));
        Assert.All(await Lens.PreviewManyQueryAsync([.. unhealthy, .. healthy]), p => Assert.False(p.Liquidatable));

        // The index follows the liquidation (a full one removes the vault, a partial one leaves it open and healthy);
        // nothing more is sent: the head stays at the liquidation block.
        ulong afterLiquidation = await BlockNumberAsync();
        int stillOpen = 0;
        foreach (var vault in unhealthy.Concat(healthy)) stillOpen += await PositionStatusAsync(vault) == 1 ? 1 : 0;
        await WaitUntilAsync(() => keeper.Status.LastBlock >= (long)afterLiquidation && keeper.Status.VaultsIndexed == stillOpen, "the index to follow the liquidation");
        await Task.Delay(500); // a few more polling rounds
        Assert.Equal(afterLiquidation, await BlockNumberAsync());
        Assert.Equal(0, keeper.Status.RpcErrors);

        // The metrics saw it: two liquidations, each with a price-to-liquidation latency.
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{options.HttpPort}/metrics");
        Assert.Contains("keeper_liquidations_total{market=\"ETH-USD\"} 2", metrics);
        Assert.Contains("keeper_price_to_liquidation_seconds_count 2", metrics);
        Assert.Contains("keeper_price_to_liquidation_seconds_bucket{le=\"+Inf\"} 2", metrics);
        foreach (var line in keeper.Logs.Lines.Where(l => l.Contains("liquidated, 0 skipped", StringComparison.Ordinal))) output.WriteLine(line);
        output.WriteLine(metrics);
        Assert.DoesNotContain(Devnet.Node.Accounts[KeeperAccount].PrivateKey.Replace("0x", "", StringComparison.Ordinal), keeper.Logs.Text, StringComparison.OrdinalIgnoreCase);
        await keeper.StopAsync();
    }
}
