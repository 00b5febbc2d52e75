using Microsoft.Data.Sqlite;
using Vaults.Keeper.Hosting;
using static Vaults.Keeper.Tests.TestVaults;

namespace Vaults.Keeper.Tests.Hosting;

public sealed class InFlightStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"keeper-inflight-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    [Fact]
    public async Task A_transaction_and_its_replacements_are_stored_and_deleted_together()
    {
        await using (var store = await InFlightStore.OpenAsync(_path, CancellationToken.None))
        {
            await store.InsertAsync(new InFlightRow("0xa1", [Addr(1), Addr(2)], null), CancellationToken.None);
            await store.InsertAsync(new InFlightRow("0xa2", [Addr(1), Addr(2)], "0xa1"), CancellationToken.None);
            await store.InsertAsync(new InFlightRow("0xb1", [Addr(3)], null), CancellationToken.None);
        }
        await using var reopened = await InFlightStore.OpenAsync(_path, CancellationToken.None);
        var rows = await reopened.LoadAsync(CancellationToken.None);
        Assert.Equal(["0xa1", "0xa2", "0xb1"], rows.Select(r => r.Hash).Order());
        Assert.Equal([Addr(1), Addr(2)], rows.Single(r => r.Hash == "0xa2").Vaults);
        Assert.Equal("0xa1", rows.Single(r => r.Hash == "0xa2").Original);

        await reopened.DeleteAsync("0xa1", CancellationToken.None);
        Assert.Equal(["0xb1"], (await reopened.LoadAsync(CancellationToken.None)).Select(r => r.Hash));
    }

    [Fact]
    public async Task A_table_written_by_an_older_keeper_gains_the_replacement_column_and_keeps_its_rows()
    {
        await using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                CREATE TABLE in_flight_liquidations (hash TEXT PRIMARY KEY, vaults TEXT NOT NULL, sent_at INTEGER NOT NULL);
                INSERT INTO in_flight_liquidations VALUES ('0xc1', '{Addr(7)}', 1);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        await using var store = await InFlightStore.OpenAsync(_path, CancellationToken.None);
        Assert.Equal([new InFlightRow("0xc1", [Addr(7)], null)], await store.LoadAsync(CancellationToken.None), new RowComparer());
        await store.InsertAsync(new InFlightRow("0xc2", [Addr(7)], "0xc1"), CancellationToken.None);
        await store.DeleteAsync("0xc1", CancellationToken.None);
        Assert.Empty(await store.LoadAsync(CancellationToken.None));
    }

    private sealed class RowComparer : IEqualityComparer<InFlightRow>
    {
        public bool Equals(InFlightRow? x, InFlightRow? y) => x!.Hash == y!.Hash && x.Original == y.Original && x.Vaults.SequenceEqual(y.Vaults);

        public int GetHashCode(InFlightRow row) => row.Hash.GetHashCode(StringComparison.Ordinal);
    }
}
