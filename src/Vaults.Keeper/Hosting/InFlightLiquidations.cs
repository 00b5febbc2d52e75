using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.Util;
using Vaults.Keeper.Liquidation;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's liquidation transactions without a receipt yet, in the keeper's SQLite file (table <c>in_flight_liquidations</c>),
/// so a restarted keeper neither forgets a pending transaction nor sends blindly: at start each one is resolved first
/// (mined → done; still known to the node → its receipt is awaited; unknown → dropped, the vaults are re-confirmed by the next round).
/// </summary>
internal sealed class InFlightLiquidations(string databasePath, EthApiService eth, ILogger logger) : ILiquidationJournal, IAsyncDisposable
{
    private static readonly TimeSpan PendingWait = TimeSpan.FromSeconds(30);
    private SqliteConnection? _connection;

    public async Task OpenAsync(CancellationToken ct)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await _connection.OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS in_flight_liquidations (hash TEXT PRIMARY KEY, vaults TEXT NOT NULL, sent_at INTEGER NOT NULL);", ct)
            .ConfigureAwait(false);
    }

    /// <summary>The hashes recorded and not settled.</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT hash FROM in_flight_liquidations ORDER BY sent_at;";
        var hashes = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) hashes.Add(reader.GetString(0));
        return hashes;
    }

    /// <summary>Resolves every transaction left in flight by a previous run (see the class summary).</summary>
    public async Task ResolveAsync(CancellationToken ct)
    {
        foreach (var hash in await PendingAsync(ct).ConfigureAwait(false))
        {
            var receipt = await eth.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false);
            if (receipt is null && await eth.GetTransactionByHashAsync(hash, ct).ConfigureAwait(false) is not null)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(PendingWait);
                try
                {
                    receipt = await new Vaults.Ethereum.TransactionManagers.TransactionReceiptPollingService(eth, TimeSpan.FromMilliseconds(200), PendingWait)
                        .PollForReceiptAsync(hash, wait.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or Vaults.Ethereum.TransactionManagers.TransactionReceiptTimeoutException && !ct.IsCancellationRequested)
                {
                    HostingLog.InFlightResolved(logger, hash, "still pending; the next rounds re-confirm its vaults");
                    continue;
                }
            }
            HostingLog.InFlightResolved(logger, hash, receipt is null
                ? "unknown to the node (dropped); its vaults are re-confirmed"
                : string.Create(CultureInfo.InvariantCulture, $"mined in block {receipt.BlockNumber.Value}"));
            await RecordSettledAsync(hash, ct).ConfigureAwait(false);
        }
    }

    public async Task RecordSentAsync(string transactionHash, IReadOnlyList<Address> vaults, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = "INSERT OR REPLACE INTO in_flight_liquidations (hash, vaults, sent_at) VALUES ($h, $v, $t);";
        cmd.Parameters.AddWithValue("$h", transactionHash.ToLowerInvariant());
        cmd.Parameters.AddWithValue("$v", string.Join(',', vaults));
        cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task RecordSettledAsync(string transactionHash, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = "DELETE FROM in_flight_liquidations WHERE hash = $h;";
        cmd.Parameters.AddWithValue("$h", transactionHash.ToLowerInvariant());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("The in-flight journal is not open.");

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
