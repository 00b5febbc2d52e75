using System.Globalization;
using Microsoft.Data.Sqlite;
using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Storage;

/// <summary>
/// The keeper's SQLite file: the open vaults (<c>vaults</c>), every version of each vault written since the last prune
/// (<c>vault_versions</c>, the undo log for reorgs), and the processed block checkpoints (<c>checkpoints</c>, number and hash).
/// One transaction per processed block range, so the file always matches one checkpoint. The schema version is
/// <c>PRAGMA user_version</c>; <see cref="OpenAsync"/> migrates older files forward.
/// </summary>
/// <remarks>Not thread-safe: one keeper loop owns it.</remarks>
public sealed class VaultIndexStore : IAsyncDisposable, IDisposable
{
    /// <summary>The schema version this code writes.</summary>
    public const int SchemaVersion = 2;

    private static readonly string[] Migrations =
    [
        // 0 -> 1
        """
        CREATE TABLE vaults (
            address BLOB PRIMARY KEY, owner BLOB NOT NULL, market_id INTEGER NOT NULL, is_long INTEGER NOT NULL,
            liq_price BLOB NOT NULL, seq INTEGER NOT NULL, block INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE vault_versions (
            address BLOB NOT NULL, block INTEGER NOT NULL, seq INTEGER NOT NULL, open INTEGER NOT NULL,
            owner BLOB, market_id INTEGER, is_long INTEGER, liq_price BLOB,
            PRIMARY KEY (address, block, seq)) WITHOUT ROWID;
        CREATE INDEX vault_versions_block ON vault_versions (block);
        CREATE TABLE checkpoints (number INTEGER PRIMARY KEY, hash TEXT NOT NULL);
        """,
        // 1 -> 2: the index also follows MarketConfig's MarketParamsSet. One built without it may hold liquidation prices a parameter
        // change has moved since, so it is rebuilt from the deployment block.
        """
        DELETE FROM vaults;
        DELETE FROM vault_versions;
        DELETE FROM checkpoints;
        """,
    ];

    private readonly SqliteConnection _connection;

    private VaultIndexStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) and migrates the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer schema.</exception>
    public static async Task<VaultIndexStore> OpenAsync(string path, CancellationToken ct = default)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", ct).ConfigureAwait(false);
            var store = new VaultIndexStore(connection, path);
            await store.MigrateAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The schema version of the open file.</summary>
    public async Task<int> GetSchemaVersionAsync(CancellationToken ct = default) =>
        Convert.ToInt32(await ScalarAsync("PRAGMA user_version;", null, ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

    private async Task MigrateAsync(CancellationToken ct)
    {
        int version = await GetSchemaVersionAsync(ct).ConfigureAwait(false);
        if (version > SchemaVersion)
            throw new InvalidOperationException($"The keeper database {Path} has schema version {version}; this keeper reads up to {SchemaVersion}.");
        for (; version < SchemaVersion; version++)
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(_connection, tx, Migrations[version], ct).ConfigureAwait(false);
            await ExecuteAsync(_connection, tx, $"PRAGMA user_version = {version + 1};", ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The last processed block, or null when nothing was processed yet.</summary>
    public async Task<BlockCheckpoint?> GetLastCheckpointAsync(CancellationToken ct = default) =>
        (await GetCheckpointsAsync(1, ct).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The last <paramref name="max"/> processed blocks, newest first.</summary>
    public Task<IReadOnlyList<BlockCheckpoint>> GetCheckpointsAsync(int max, CancellationToken ct = default) =>
        GetCheckpointsBeforeAsync(long.MaxValue, max, ct);

    /// <summary>The last <paramref name="max"/> processed blocks before <paramref name="block"/>, newest first (for paging back through them).</summary>
    public async Task<IReadOnlyList<BlockCheckpoint>> GetCheckpointsBeforeAsync(ulong block, int max, CancellationToken ct = default)
    {
        await using var cmd = Command("SELECT number, hash FROM checkpoints WHERE number < $before ORDER BY number DESC LIMIT $max;", null);
        cmd.Parameters.AddWithValue("$before", (long)Math.Min(block, long.MaxValue));
        cmd.Parameters.AddWithValue("$max", max);
        var result = new List<BlockCheckpoint>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            result.Add(new BlockCheckpoint((ulong)reader.GetInt64(0), reader.GetString(1)));
        return result;
    }

    /// <summary>Every stored open vault.</summary>
    public async Task<IReadOnlyList<VaultRecord>> LoadVaultsAsync(CancellationToken ct = default)
    {
        await using var cmd = Command("SELECT address, owner, market_id, is_long, liq_price, seq, block FROM vaults;", null);
        var result = new List<VaultRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            result.Add(new VaultRecord(
                new Address((byte[])reader[0]), new Address((byte[])reader[1]), (uint)reader.GetInt64(2), reader.GetInt64(3) != 0,
                UInt256.FromBigEndian((byte[])reader[4]), (uint)reader.GetInt64(5), (ulong)reader.GetInt64(6)));
        return result;
    }

    /// <summary>Clears <paramref name="index"/> and fills it with the stored vaults; returns the last checkpoint.</summary>
    public async Task<BlockCheckpoint?> LoadIntoAsync(VaultIndex index, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        index.Clear();
        foreach (var record in await LoadVaultsAsync(ct).ConfigureAwait(false)) index.Upsert(record);
        return await GetLastCheckpointAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Records a processed block range in one transaction: the vault changes (in order) and the range's last block as the new checkpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">The checkpoint is not after the last one.</exception>
    public async Task CommitAsync(IReadOnlyList<VaultChange> changes, BlockCheckpoint checkpoint, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var last = await ScalarAsync("SELECT MAX(number) FROM checkpoints;", tx, ct).ConfigureAwait(false);
        if (last is long lastNumber && (ulong)lastNumber >= checkpoint.Number)
            throw new InvalidOperationException($"Checkpoint {checkpoint.Number} is not after the last processed block {lastNumber}.");

        await using var upsert = Command(
            "INSERT OR REPLACE INTO vaults (address, owner, market_id, is_long, liq_price, seq, block) VALUES ($a, $o, $m, $l, $p, $s, $b);", tx);
        await using var delete = Command("DELETE FROM vaults WHERE address = $a;", tx);
        await using var version = Command(
            "INSERT OR REPLACE INTO vault_versions (address, block, seq, open, owner, market_id, is_long, liq_price) VALUES ($a, $b, $s, $open, $o, $m, $l, $p);", tx);
        foreach (var change in changes)
        {
            var r = change.Record;
            var address = change.Vault.ToArray();
            if (r is not null)
            {
                Bind(upsert, ("$a", address), ("$o", r.Owner.ToArray()), ("$m", (long)r.MarketId), ("$l", r.IsLong ? 1L : 0L),
                    ("$p", r.LiquidationPrice.ToBigEndian()), ("$s", (long)r.Seq), ("$b", (long)r.Block));
                await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            else
            {
                Bind(delete, ("$a", address));
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            Bind(version, ("$a", address), ("$b", (long)change.Block), ("$s", (long)change.Seq), ("$open", r is null ? 0L : 1L),
                ("$o", r?.Owner.ToArray()), ("$m", r is null ? null : (long)r.MarketId), ("$l", r is null ? null : r.IsLong ? 1L : 0L),
                ("$p", r?.LiquidationPrice.ToBigEndian()));
            await version.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await using var cp = Command("INSERT INTO checkpoints (number, hash) VALUES ($n, $h);", tx);
        Bind(cp, ("$n", (long)checkpoint.Number), ("$h", checkpoint.Hash.ToLowerInvariant()));
        await cp.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Undoes everything recorded after the newest checkpoint at or before <paramref name="block"/> (for a reorg): each vault returns to its
    /// last version at or before that checkpoint (or leaves the index if it had none or was removed), and later checkpoints are dropped.
    /// With no such checkpoint the store is emptied. Returns the new last checkpoint (null when empty).
    /// </summary>
    public async Task<BlockCheckpoint?> RewindAsync(ulong block, CancellationToken ct = default)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var cmd = Command("SELECT MAX(number) FROM checkpoints WHERE number <= $b;", tx))
        {
            cmd.Parameters.AddWithValue("$b", (long)Math.Min(block, long.MaxValue));
            var target = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long n ? n : -1L;
            await ExecuteAsync(_connection, tx, $"""
                CREATE TEMP TABLE IF NOT EXISTS rewound (address BLOB PRIMARY KEY);
                DELETE FROM rewound;
                INSERT INTO rewound SELECT DISTINCT address FROM vault_versions WHERE block > {target};
                DELETE FROM vault_versions WHERE block > {target};
                DELETE FROM vaults WHERE address IN (SELECT address FROM rewound);
                INSERT INTO vaults (address, owner, market_id, is_long, liq_price, seq, block)
                    SELECT v.address, v.owner, v.market_id, v.is_long, v.liq_price, v.seq, v.block
                    FROM vault_versions v JOIN rewound r ON r.address = v.address
                    WHERE v.open = 1 AND NOT EXISTS (
                        SELECT 1 FROM vault_versions w WHERE w.address = v.address AND (w.block > v.block OR (w.block = v.block AND w.seq > v.seq)));
                DELETE FROM checkpoints WHERE number > {target};
                DELETE FROM rewound;
                """, ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return await GetLastCheckpointAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Forgets everything (vaults, history, checkpoints): after a reorg deeper than every stored checkpoint, the scan starts over.</summary>
    public async Task ClearAsync(CancellationToken ct = default)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(_connection, tx, "DELETE FROM vaults; DELETE FROM vault_versions; DELETE FROM checkpoints;", ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the undo history before <paramref name="block"/> (blocks final enough never to be rewound): with c the newest checkpoint
    /// before the block, only c and later checkpoints are kept, and for each vault only its newest version at or before c.
    /// Rewinds stay possible down to c.
    /// </summary>
    public async Task PruneAsync(ulong block, CancellationToken ct = default)
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var cmd = Command("SELECT MAX(number) FROM checkpoints WHERE number < $b;", tx))
        {
            cmd.Parameters.AddWithValue("$b", (long)Math.Min(block, long.MaxValue));
            if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is long c)
            {
                await ExecuteAsync(_connection, tx, $"""
                    DELETE FROM vault_versions WHERE block <= {c} AND EXISTS (
                        SELECT 1 FROM vault_versions w WHERE w.address = vault_versions.address AND w.block <= {c}
                        AND (w.block > vault_versions.block OR (w.block = vault_versions.block AND w.seq > vault_versions.seq)));
                    DELETE FROM vault_versions WHERE block <= {c} AND open = 0;
                    DELETE FROM checkpoints WHERE number < {c};
                    """, ct).ConfigureAwait(false);
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private SqliteCommand Command(string sql, SqliteTransaction? tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private async Task<object?> ScalarAsync(string sql, SqliteTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(sql, tx);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
