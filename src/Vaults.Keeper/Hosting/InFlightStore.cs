using Microsoft.Data.Sqlite;
using Vaults.Chain;

namespace Vaults.Keeper.Hosting;

/// <summary>One row of <see cref="InFlightStore"/>: a sent version of a liquidation and the transaction it replaces, if any.</summary>
/// <param name="Hash">The version's transaction hash (lower case).</param>
/// <param name="Vaults">The vaults it liquidates.</param>
/// <param name="Original">The first version's hash when this one is a replacement (same nonce, higher fees); null for the first version.</param>
/// <param name="RawTransaction">The signed transaction (0x hex), recorded before it was sent; null for rows of older keepers.</param>
internal sealed record InFlightRow(string Hash, IReadOnlyList<Address> Vaults, string? Original, string? RawTransaction = null);

/// <summary>
/// The table <c>in_flight_liquidations</c> in the keeper's SQLite file: every sent version of a liquidation without a receipt yet, so a
/// restarted keeper knows what may still be mined. A transaction and its replacements share <see cref="InFlightRow.Original"/>.
/// </summary>
internal sealed class InFlightStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private InFlightStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the table in <paramref name="databasePath"/>, creating it or adding the column older keepers did not write.</summary>
    public static async Task<InFlightStore> OpenAsync(string databasePath, CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            var store = new InFlightStore(connection);
            await store.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS in_flight_liquidations (hash TEXT PRIMARY KEY, vaults TEXT NOT NULL, sent_at INTEGER NOT NULL, original TEXT);", ct)
                .ConfigureAwait(false);
            if (!await store.HasColumnAsync("original", ct).ConfigureAwait(false))
                await store.ExecuteAsync("ALTER TABLE in_flight_liquidations ADD COLUMN original TEXT;", ct).ConfigureAwait(false);
            if (!await store.HasColumnAsync("raw", ct).ConfigureAwait(false))
                await store.ExecuteAsync("ALTER TABLE in_flight_liquidations ADD COLUMN raw TEXT;", ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every row, oldest first.</summary>
    public async Task<IReadOnlyList<InFlightRow>> LoadAsync(CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT hash, vaults, original, raw FROM in_flight_liquidations ORDER BY sent_at;";
        var rows = new List<InFlightRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var vaults = reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Address.Parse).ToList();
            rows.Add(new InFlightRow(reader.GetString(0), vaults, reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return rows;
    }

    public async Task InsertAsync(InFlightRow row, CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO in_flight_liquidations (hash, vaults, sent_at, original, raw) VALUES ($h, $v, $t, $o, $r);";
        cmd.Parameters.AddWithValue("$h", row.Hash);
        cmd.Parameters.AddWithValue("$v", string.Join(',', row.Vaults));
        cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$o", (object?)row.Original ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$r", (object?)row.RawTransaction ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Deletes the transaction whose first version is <paramref name="original"/>, with all its replacements.</summary>
    public async Task DeleteAsync(string original, CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM in_flight_liquidations WHERE hash = $h OR original = $h;";
        cmd.Parameters.AddWithValue("$h", original);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<bool> HasColumnAsync(string column, CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('in_flight_liquidations') WHERE name = $c;";
        cmd.Parameters.AddWithValue("$c", column);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
