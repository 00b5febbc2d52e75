using Microsoft.Data.Sqlite;
using Vaults.Keeper.Index;
using Vaults.Keeper.Storage;
using static Vaults.Keeper.Tests.TestVaults;

namespace Vaults.Keeper.Tests.Storage;

public sealed class VaultIndexStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"keeper-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(_path + suffix);
    }

    private static BlockCheckpoint Cp(ulong n) => new(n, $"0x{n:x64}");

    [Fact]
    public async Task A_new_file_has_the_current_schema_and_nothing_processed()
    {
        await using var store = await VaultIndexStore.OpenAsync(_path);
        Assert.Equal(VaultIndexStore.SchemaVersion, await store.GetSchemaVersionAsync());
        Assert.Null(await store.GetLastCheckpointAsync());
        Assert.Empty(await store.LoadVaultsAsync());
    }

    [Fact]
    public async Task Saved_vaults_and_checkpoint_load_equal_after_reopening()
    {
        var records = new[]
        {
            Record(1, true, 1_500, block: 10) with { LiquidationPrice = UInt256.MaxValue },
            Record(2, false, 2_500, market: 7, seq: 4, block: 10),
        };
        await using (var store = await VaultIndexStore.OpenAsync(_path))
            await store.CommitAsync(records.Select(VaultChange.Upsert).ToList(), Cp(10));

        await using var reopened = await VaultIndexStore.OpenAsync(_path);
        var index = new VaultIndex();
        Assert.Equal(Cp(10), await reopened.LoadIntoAsync(index));
        Assert.Equal(records.OrderBy(r => r.Vault), (await reopened.LoadVaultsAsync()).OrderBy(r => r.Vault));
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public async Task Removals_delete_and_checkpoints_must_advance()
    {
        await using var store = await VaultIndexStore.OpenAsync(_path);
        await store.CommitAsync([VaultChange.Upsert(Record(1, true, 1_500, block: 10))], Cp(10));
        await store.CommitAsync([VaultChange.Removal(Addr(1), 12, 2)], Cp(12));
        Assert.Empty(await store.LoadVaultsAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync([], Cp(12)));
    }

    [Fact]
    public async Task Rewind_restores_the_state_at_the_last_checkpoint_at_or_before_the_block()
    {
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var v1 = Record(1, true, 1_500, seq: 1, block: 10);
        var v2 = Record(2, false, 2_500, seq: 1, block: 10);
        await store.CommitAsync([VaultChange.Upsert(v1), VaultChange.Upsert(v2)], Cp(10));
        var v1b = v1 with { LiquidationPrice = 1_700, Seq = 2, Block = 20 };
        await store.CommitAsync([VaultChange.Upsert(v1b), VaultChange.Removal(Addr(2), 20, 2), VaultChange.Upsert(Record(3, true, 1_000, block: 20))], Cp(20));
        await store.CommitAsync([VaultChange.Upsert(v1b with { LiquidationPrice = 1_800, Seq = 3, Block = 30 })], Cp(30));

        Assert.Equal(Cp(20), await store.RewindAsync(25));
        Assert.Equal(new[] { v1b, Record(3, true, 1_000, block: 20) }.OrderBy(r => r.Vault), (await store.LoadVaultsAsync()).OrderBy(r => r.Vault));

        Assert.Equal(Cp(10), await store.RewindAsync(19));
        Assert.Equal(new[] { v1, v2 }.OrderBy(r => r.Vault), (await store.LoadVaultsAsync()).OrderBy(r => r.Vault));

        // The chain continues from the common block.
        await store.CommitAsync([VaultChange.Removal(Addr(1), 11, 2)], Cp(11));
        Assert.Equal([v2], await store.LoadVaultsAsync());

        Assert.Null(await store.RewindAsync(5));
        Assert.Empty(await store.LoadVaultsAsync());
    }

    [Fact]
    public async Task Pruning_keeps_rewinds_to_the_newest_pruned_checkpoint_exact()
    {
        await using var store = await VaultIndexStore.OpenAsync(_path);
        var v1 = Record(1, true, 1_500, seq: 1, block: 10);
        await store.CommitAsync([VaultChange.Upsert(v1), VaultChange.Upsert(Record(2, true, 1, block: 10))], Cp(10));
        await store.CommitAsync([VaultChange.Upsert(v1 with { Seq = 2, Block = 18 }), VaultChange.Removal(Addr(2), 18, 2)], Cp(20));
        var v1c = v1 with { Seq = 3, Block = 25, LiquidationPrice = 1_900 };
        await store.CommitAsync([VaultChange.Upsert(v1c)], Cp(30));

        await store.PruneAsync(25);
        Assert.Equal([Cp(30), Cp(20)], await store.GetCheckpointsAsync(10));
        Assert.Equal(Cp(20), await store.RewindAsync(29));
        Assert.Equal([v1 with { Seq = 2, Block = 18 }], await store.LoadVaultsAsync());
    }

    [Fact]
    public async Task Checkpoints_page_back_newest_first_and_clearing_forgets_everything()
    {
        await using var store = await VaultIndexStore.OpenAsync(_path);
        await store.CommitAsync([VaultChange.Upsert(Record(1, true, 1_500, block: 10))], Cp(10));
        foreach (ulong n in new ulong[] { 20, 30, 40 }) await store.CommitAsync([], Cp(n));

        Assert.Equal([Cp(30), Cp(20)], await store.GetCheckpointsBeforeAsync(40, 2));
        Assert.Equal([Cp(10)], await store.GetCheckpointsBeforeAsync(20, 2));
        Assert.Empty(await store.GetCheckpointsBeforeAsync(10, 2));

        await store.ClearAsync();
        Assert.Null(await store.GetLastCheckpointAsync());
        Assert.Empty(await store.LoadVaultsAsync());
        Assert.Null(await store.RewindAsync(40)); // no history left either
        await store.CommitAsync([], Cp(5));       // and the scan can start over below the old checkpoints
    }

    [Fact]
    public async Task A_file_indexed_before_market_parameter_changes_were_followed_is_rebuilt_from_scratch()
    {
        await using (var store = await VaultIndexStore.OpenAsync(_path))
            await store.CommitAsync([VaultChange.Upsert(Record(1, true, 1_500, block: 10))], Cp(10));
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 1;";
            await cmd.ExecuteNonQueryAsync();
        }

        await using var migrated = await VaultIndexStore.OpenAsync(_path);
        Assert.Equal(VaultIndexStore.SchemaVersion, await migrated.GetSchemaVersionAsync());
        Assert.Null(await migrated.GetLastCheckpointAsync());
        Assert.Empty(await migrated.LoadVaultsAsync());
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused()
    {
        await using (var store = await VaultIndexStore.OpenAsync(_path)) { }
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {VaultIndexStore.SchemaVersion + 1};";
            await cmd.ExecuteNonQueryAsync();
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => VaultIndexStore.OpenAsync(_path));
    }
}
