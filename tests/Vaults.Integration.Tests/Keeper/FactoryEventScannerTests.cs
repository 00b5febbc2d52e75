using Microsoft.Data.Sqlite;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
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
        new(Web3(0), Deployment.VaultFactory, Deployment.MarketConfig, index, store, Options(chunkSize), shard);

    private FactoryEventScanner Scanner(VaultIndex index, VaultIndexStore store, FactoryScannerOptions options, IWeb3? web3 = null) =>
        new(web3 ?? Web3(0), Deployment.VaultFactory, Deployment.MarketConfig, index, store, options);

    /// <summary>
    /// Mines <paramref name="count"/> empty blocks one by one: hardhat_mine's reserved blocks answer eth_call at their numbers without
    /// state ("0x"), which the scanner's price reads at a chunk's last block would trip over.
    /// </summary>
    private async Task MineBlocksAsync(int count)
    {
        for (int i = 0; i < count; i++) await Devnet.DevTools.MineAsync();
    }

    /// <summary>Rows in the store's reorg history: checkpoints and vault versions.</summary>
    private async Task<(long Checkpoints, long Versions)> HistoryRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        async Task<long> CountAsync(string table)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM {table};";
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        return (await CountAsync("checkpoints"), await CountAsync("vault_versions"));
    }

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
        Assert.Equal((await Web3(0).Eth.GetBlockByNumberAsync(new(first.LastBlock)))!.BlockHash, (await store.GetLastCheckpointAsync())!.Hash);

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
    public async Task A_market_parameter_change_reprices_every_indexed_vault_of_the_market_and_a_reorg_undoes_it()
    {
        var vaults = new List<Address> { await OpenAsync(2, true, 450, 1), await OpenAsync(3, false, 700, 1), await OpenAsync(4, true, 1_000, 2) };
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        await Scanner(index, store).ScanAsync();
        var before = index.Vaults.ToDictionary(r => r.Vault, r => r.LiquidationPrice);
        var snapshot = await Devnet.SnapshotAsync();

        // No vault event: only MarketConfig's MarketParamsSet says that every liquidation price of the market moved.
        var config = new MarketConfigService(Web3(0), Deployment.MarketConfig);
        var p = (await config.MarketQueryAsync(Deployment.MarketId)).P;
        p.MaintenanceMarginBps = [2_000, 2_100, 2_200, 2_300];
        p.TargetMarginBps = 2_400;
        p.InitialMarginBps = 2_500;
        p.CloseFeeBps = 50;
        await config.SetMarketParamsRequestAndWaitForReceiptAsync(Deployment.MarketId, p);
        var scan = await Scanner(index, store).ScanAsync();

        Assert.Equal(1, scan.EventsApplied);
        await AssertIndexMatchesChainAsync(index, vaults);
        Assert.All(vaults, v => Assert.NotEqual(before[v], index.TryGet(v, out var r) ? r.LiquidationPrice : default));
        Assert.Equal(index.Vaults.OrderBy(r => r.Vault), (await store.LoadVaultsAsync()).OrderBy(r => r.Vault));

        // The change is in the reorg history like a vault event: dropping its block restores the old prices.
        Assert.True(await Devnet.RevertAsync(snapshot));
        await Devnet.DevTools.MineAsync();
        await Devnet.DevTools.MineAsync();
        Assert.NotNull((await Scanner(index, store).ScanAsync()).RewoundTo);
        Assert.Equal(before, index.Vaults.ToDictionary(r => r.Vault, r => r.LiquidationPrice));
        await AssertIndexMatchesChainAsync(index, vaults);
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
    public async Task A_reorg_below_the_newest_checkpoints_is_searched_back_to_the_common_block_never_rewound_blindly()
    {
        var kept = await OpenAsync(2, true, 1_000, 1);
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        var common = (await Scanner(index, store, chunkSize: 1_000).ScanAsync()).LastBlock;
        var snapshot = await Devnet.SnapshotAsync();

        // 150 blocks on a branch that will be dropped, checkpointed every 10 blocks; the search compares 2 checkpoints per page.
        var orphaned = await OpenAsync(3, true, 1_000, 1);
        await MineBlocksAsync(150);
        var options = Options(chunkSize: 10);
        options.ReorgSearchCheckpoints = 2;
        options.FinalityDepth = 10_000; // nothing pruned: the common checkpoint must be found by paging back
        await Scanner(index, store, options).ScanAsync();
        Assert.True(index.TryGet(orphaned, out _));

        Assert.True(await Devnet.RevertAsync(snapshot));
        await Factory(2).CloseVaultRequestAndWaitForReceiptAsync(kept, 0);
        var other = await OpenAsync(4, false, 1_000, 1);
        await MineBlocksAsync(160);

        var result = await Scanner(index, store, options).ScanAsync();
        Assert.Equal(common, result.RewoundTo);
        Assert.Equal(common + 1, result.FirstBlock);
        Assert.Equal([other], index.Vaults.Select(r => r.Vault));
        await AssertIndexMatchesChainAsync(index, [kept, orphaned, other]);
        Assert.Equal(index.Vaults, await store.LoadVaultsAsync());
    }

    [Fact]
    public async Task A_reorg_while_a_chunk_is_read_is_not_recorded_under_the_new_chains_hash()
    {
        var kept = await OpenAsync(2, true, 1_000, 1);
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        await Scanner(index, store, chunkSize: 1_000).ScanAsync();
        var snapshot = await Devnet.SnapshotAsync();
        var orphaned = await OpenAsync(3, true, 1_000, 1);
        await Devnet.DevTools.MineAsync();

        // The scanner's node answers eth_getLogs from this branch, then reorganises to another of the same length before the next call.
        Address other = default;
        var node = new ReorgAfterFirstGetLogs(async () =>
        {
            Assert.True(await Devnet.RevertAsync(snapshot));
            other = await OpenAsync(4, false, 1_000, 1);
            await Devnet.DevTools.MineAsync();
        });
        var client = new RpcClient(Devnet.Node.RpcUrl) { OverridingRequestInterceptor = node };
        await Scanner(index, store, Options(chunkSize: 1_000), new Nethereum.Web3.Web3(client)).ScanAsync();

        Assert.True(node.Reorganised);
        Assert.Equal(new[] { kept, other }.Order(), index.Vaults.Select(r => r.Vault).Order());
        await AssertIndexMatchesChainAsync(index, [kept, orphaned, other]);
        Assert.Equal(index.Vaults.OrderBy(r => r.Vault), (await store.LoadVaultsAsync()).OrderBy(r => r.Vault));
        Assert.Equal((await Web3(0).Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.BlockHash, (await store.GetLastCheckpointAsync())!.Hash);
    }

    [Fact]
    public async Task History_below_the_finality_depth_is_pruned_and_a_reorg_below_all_of_it_rescans_from_the_deployment_block()
    {
        var snapshot = await Devnet.SnapshotAsync();
        var vault = await OpenAsync(2, true, 1_000, 1);
        for (int i = 0; i < 12; i++) await Factory(2).AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(1));
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        var options = Options(chunkSize: 1);
        options.FinalityDepth = 4;

        var scan = await Scanner(index, store, options).ScanAsync();
        Assert.True(scan.Chunks > 13); // a checkpoint per block and 13 versions of the vault, before pruning
        var (checkpoints, versions) = await HistoryRowsAsync();
        Assert.InRange(checkpoints, 1, 2 * options.FinalityDepth + 1);
        Assert.InRange(versions, 1, 2 * options.FinalityDepth + 1);
        await AssertIndexMatchesChainAsync(index, [vault]);

        // A reorg below every checkpoint kept: the store starts over from the deployment block.
        Assert.True(await Devnet.RevertAsync(snapshot));
        var other = await OpenAsync(3, false, 1_000, 1);
        await MineBlocksAsync(20);
        var rescan = await Scanner(index, store, options).ScanAsync();
        Assert.Equal(0ul, rescan.RewoundTo);
        Assert.Equal((ulong)Deployment.DeploymentBlock, rescan.FirstBlock);
        Assert.Equal([other], index.Vaults.Select(r => r.Vault));
        await AssertIndexMatchesChainAsync(index, [vault, other]);
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

    /// <summary>
    /// A Nethereum request interceptor on the scanner's client that, once the node has answered the first eth_getLogs, runs
    /// <paramref name="reorganise"/> before answering anything else.
    /// </summary>
    private sealed class ReorgAfterFirstGetLogs(Func<Task> reorganise) : RequestInterceptor
    {
        public bool Reorganised { get; private set; }

        public override async Task<object> InterceptSendRequestAsync<T>(Func<RpcRequest, string, Task<T>> interceptedSendRequestAsync, RpcRequest request, string? route = null)
        {
            var result = await interceptedSendRequestAsync(request, route!);
            if (request.Method == "eth_getLogs" && !Reorganised)
            {
                Reorganised = true;
                await reorganise();
            }
            return result!;
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
