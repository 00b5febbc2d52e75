using Microsoft.Data.Sqlite;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Util;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Index;
using Vaults.Keeper.Scanning;
using Vaults.Keeper.Storage;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>The keeper's index built from the factory's events on the real node, persisted in a real SQLite file.</summary>
public sealed class FactoryEventScannerTests(VaultsFixture vaults) : VaultsTest(vaults), IDisposable
{
    private const int Keeper = 9;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"keeper-scan-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    private FactoryScannerOptions Options(int chunkSize = 3) => new() { StartBlock = (ulong)Deployment.DeploymentBlock, ChunkSize = chunkSize, PriceBatchSize = 2 };

    private FactoryEventScanner Scanner(VaultIndex index, VaultIndexStore store, int chunkSize = 3, KeeperShard shard = default) =>
        new(Web3(0), Deployment.VaultFactory, index, store, Options(chunkSize), shard);

    /// <summary>Every given vault is indexed iff it is open on chain, with the factory's liquidation price and the position's seq.</summary>
    private async Task AssertIndexMatchesChainAsync(VaultIndex index, IEnumerable<Address> vaults)
    {
        foreach (var vault in vaults)
        {
            var position = await Factory().PositionQueryAsync(vault);
            bool open = position.Status == 1;
            Assert.Equal(open, index.TryGet(vault, out var record));
            if (!open) continue;
            Assert.Equal(await Factory().LiquidationPriceQueryAsync(vault), record.LiquidationPrice.ToBigInteger());
            Assert.Equal((position.Seq, position.IsLong, (uint)position.MarketId), (record.Seq, record.IsLong, record.MarketId));
        }
    }

    [Fact]
    public async Task The_index_matches_the_chain_and_follows_margin_changes_closes_and_liquidations()
    {
        var vaults = new List<Address>
        {
            await OpenAsync(2, true, 1_200, 5),
            await OpenAsync(3, true, 50, 0.2m),
            await OpenAsync(4, false, 1_000, 1),
            await OpenAsync(5, true, 1_000, 1),
        };
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        var reports = new List<ScanProgress>();
        var first = await Scanner(index, store).ScanAsync(progress: new SyncProgress<ScanProgress>(reports.Add));

        Assert.Equal((ulong)Deployment.DeploymentBlock, first.FirstBlock);
        Assert.Equal(4, index.Count);
        Assert.True(first.Chunks > 1);
        Assert.Equal(first.Chunks, reports.Count);
        Assert.Equal(first.LastBlock, reports[^1].CurrentBlock);
        Assert.Equal(1.0, reports[^1].Fraction);
        await AssertIndexMatchesChainAsync(index, vaults);
        Assert.Equal((await Web3(0).Eth.GetBlockByNumberAsync(new(first.LastBlock)))!.Hash, (await store.GetLastCheckpointAsync())!.Hash);

        await Factory(3).AddMarginRequestAndWaitForReceiptAsync(vaults[1], Usdc(10));
        await Factory(5).CloseVaultRequestAndWaitForReceiptAsync(vaults[3], 0);
        await SetPriceAsync(1_780);
        var liquidated = (await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([vaults[0]])).DecodeAllEvents<VaultLiquidatedEventDTO>();
        Assert.Single(liquidated);

        var second = await Scanner(index, store).ScanAsync();
        Assert.Equal(first.LastBlock + 1, second.FirstBlock);
        Assert.False(index.TryGet(vaults[3], out _));
        await AssertIndexMatchesChainAsync(index, vaults);
        Assert.Equal(4 - 1 - (liquidated[0].Event.Full ? 1 : 0), index.Count);

        // The stored state equals the in-memory index.
        Assert.Equal(index.Vaults.OrderBy(r => r.Vault), (await store.LoadVaultsAsync()).OrderBy(r => r.Vault));
    }

    [Fact]
    public async Task A_restart_resumes_from_the_stored_block_without_rescanning_from_the_deployment_block()
    {
        var vaults = new List<Address> { await OpenAsync(2, true, 1_000, 1), await OpenAsync(3, false, 1_000, 1) };
        ScanResult first;
        await using (var store = await VaultIndexStore.OpenAsync(_path))
            first = await Scanner(new VaultIndex(), store, chunkSize: 1_000).ScanAsync();

        vaults.Add(await OpenAsync(4, true, 2_000, 1));
        await Factory(2).CloseVaultRequestAndWaitForReceiptAsync(vaults[0], 0);

        await using var reopened = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        Assert.Equal(first.LastBlock, (await reopened.LoadIntoAsync(index))!.Number);
        Assert.Equal(2, index.Count);
        var resumed = await Scanner(index, reopened, chunkSize: 1_000).ScanAsync();

        Assert.Equal(first.LastBlock + 1, resumed.FirstBlock);
        Assert.True(resumed.FirstBlock > (ulong)Deployment.DeploymentBlock);
        Assert.Equal(2, resumed.EventsApplied);
        Assert.Equal(2, index.Count);
        await AssertIndexMatchesChainAsync(index, vaults);
        Assert.Null((await Scanner(index, reopened).ScanAsync()).FirstBlock);
    }

    [Fact]
    public async Task A_reorg_is_detected_by_block_hash_and_the_index_is_rewound_and_rebuilt()
    {
        var kept = await OpenAsync(2, true, 1_000, 1);
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        await Scanner(index, store, chunkSize: 1_000).ScanAsync();
        var common = await Devnet.SnapshotAsync();

        var orphaned = await OpenAsync(3, true, 1_000, 1);
        await Scanner(index, store, chunkSize: 1).ScanAsync();
        Assert.True(index.TryGet(orphaned, out _));

        // Replace the blocks after the snapshot with a different history.
        Assert.True(await Devnet.RevertAsync(common));
        await Factory(2).CloseVaultRequestAndWaitForReceiptAsync(kept, 0);
        var other = await OpenAsync(4, false, 1_000, 1);
        await Factory(4).AddMarginRequestAndWaitForReceiptAsync(other, Usdc(5));

        var result = await Scanner(index, store, chunkSize: 1).ScanAsync();
        Assert.NotNull(result.RewoundTo);
        await AssertIndexMatchesChainAsync(index, [kept, orphaned, other]);
        Assert.Equal([other], index.Vaults.Select(r => r.Vault));
        Assert.Equal(index.Vaults, await store.LoadVaultsAsync());
    }

    [Fact]
    public async Task A_shard_indexes_only_its_vaults()
    {
        var vaults = new List<Address>();
        for (int i = 0; i < 6; i++) vaults.Add(await OpenAsync(2 + i % 4, i % 2 == 0, 1_000, 1));
        var shard = new KeeperShard(1, 2);
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        await Scanner(index, store, chunkSize: 1_000, shard: shard).ScanAsync();
        Assert.Equal(vaults.Where(shard.Owns).OrderBy(a => a), index.Vaults.Select(r => r.Vault).OrderBy(a => a));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
