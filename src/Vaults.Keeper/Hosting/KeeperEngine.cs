using System.Diagnostics;
using System.Numerics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.NonceServices;
using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;
using Vaults.Keeper.Scanning;
using Vaults.Keeper.Storage;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper loop. Start: load the index from SQLite, scan the factory's events up to the head (from the stored checkpoint, so a
/// restart does not rescan), mark synced. Then one round per (coalesced) trigger: catch the index up to the head (reorgs rewound by
/// the scanner), read the oracle price, take the crossed vaults from the index (O(log n + k)), and let the
/// <see cref="LiquidationExecutor"/> confirm them and liquidate them with <c>liquidateBatch</c>, leaving out the vaults whose liquidation
/// is still in flight (<see cref="InFlightLiquidations"/>, resolved first in every round). An error ends the round, not the keeper: it
/// is logged, counted, and the round retried with backoff; only the keeper's own database failing stops it (<see cref="KeeperFatalException"/>).
/// </summary>
internal sealed class KeeperEngine : IAsyncDisposable
{
    private readonly KeeperConnection _connection;
    private readonly VaultsDeployment _deployment;
    private readonly KeeperStatus _status;
    private readonly KeeperMetrics _metrics;
    private readonly ILogger _logger;
    private readonly VaultIndex _index = new();
    private readonly VaultIndexStore _store;
    private readonly FactoryEventScanner _scanner;
    private readonly LiquidationExecutor _executor;
    private readonly InFlightLiquidations _inFlight;
    private readonly PriceOracleService _oracle;
    private readonly BigInteger _priceScale;
    private readonly KeeperTrigger _trigger = new();
    private readonly KeeperTriggerSources _sources;
    private readonly InFlightStore _inFlightStore;

    private KeeperEngine(KeeperOptions options, KeeperConnection connection, VaultsDeployment deployment, VaultIndexStore store,
        InFlightStore inFlightStore, BigInteger priceScale, KeeperStatus status, KeeperMetrics metrics, ILoggerFactory loggers)
    {
        _connection = connection;
        _deployment = deployment;
        _store = store;
        _priceScale = priceScale;
        _status = status;
        _metrics = metrics;
        _logger = loggers.CreateLogger<KeeperEngine>();
        var scannerOptions = new FactoryScannerOptions { StartBlock = (ulong)deployment.DeploymentBlock, ChunkSize = options.ScanChunkSize };
        _scanner = new FactoryEventScanner(connection.Web3, deployment.VaultFactory, deployment.MarketConfig, _index, store, scannerOptions,
            KeeperShard.Parse(options.Shard), loggers.CreateLogger<FactoryEventScanner>());
        _inFlightStore = inFlightStore;
        _inFlight = new InFlightLiquidations(inFlightStore, connection.Web3.Eth, connection.Web3.TransactionManager!, _logger);
        _executor = new LiquidationExecutor(connection.Web3, deployment, new LiquidationExecutorOptions
        {
            MaxBatchSize = options.MaxBatchSize,
            MaxBatchGas = options.MaxBatchGas,
            ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
            StuckAfter = options.StuckTransactionTimeout,
            TokenDecimals = connection.TokenDecimals,
            TokenSymbol = connection.TokenSymbol,
        }, loggers.CreateLogger<LiquidationExecutor>(), _inFlight);
        _oracle = new PriceOracleService(connection.Web3, deployment.PriceOracle);
        _sources = new KeeperTriggerSources(_trigger, connection.Web3.Eth, connection.WebSocket, deployment.PriceOracle,
            options.PollInterval, _logger);
    }

    /// <summary>Checks the configuration against the node and opens the database.</summary>
    /// <exception cref="KeeperStartupException">Anything that makes the keeper unable to run, in one line.</exception>
    public static async Task<KeeperEngine> CreateAsync(KeeperOptions options, KeeperStatus status, KeeperMetrics metrics,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var connection = await KeeperConnection.OpenAsync(options, status, loggers.CreateLogger<KeeperConnection>(), ct).ConfigureAwait(false);
        VaultIndexStore? store = null;
        try
        {
            var deployment = connection.Deployment;
            byte decimals = await new PriceOracleService(connection.Web3, deployment.PriceOracle).DecimalsQueryAsync(null, ct).ConfigureAwait(false);
            store = await OpenDatabaseAsync(options.DatabasePath, VaultIndexStore.OpenAsync, ct).ConfigureAwait(false);
            var inFlight = await OpenDatabaseAsync(options.DatabasePath, InFlightStore.OpenAsync, ct).ConfigureAwait(false);
            HostingLog.Starting(loggers.CreateLogger<KeeperEngine>(), connection.Keeper.ToString(), deployment.ChainId,
                deployment.VaultFactory.ToString(), options.Shard, options.DatabasePath);
            // Liquidation prices have 18 decimals; Chainlink answers have the feed's (8 here).
            return new KeeperEngine(options, connection, deployment, store, inFlight, BigInteger.Pow(10, 18 - decimals), status, metrics, loggers);
        }
        catch
        {
            if (store is not null) await store.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<T> OpenDatabaseAsync<T>(string path, Func<string, CancellationToken, Task<T>> open, CancellationToken ct)
    {
        try
        {
            return await open(path, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new KeeperStartupException($"Cannot open the keeper database {path}: {e.Message}");
        }
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    /// <exception cref="KeeperFatalException">The keeper's database failed: the keeper cannot go on (see <see cref="IsRetryable"/>).</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sources = _sources.RunAsync(stop.Token);
        try
        {
            await _inFlight.LoadAsync(ct).ConfigureAwait(false);
            await SyncAsync(ct).ConfigureAwait(false);
            _trigger.Signal();
            var backoff = new RetryBackoff();
            while (!ct.IsCancellationRequested)
            {
                long observedAt = await _trigger.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    await RoundAsync(observedAt, ct).ConfigureAwait(false);
                    backoff.Reset();
                }
                catch (Exception e) when (IsRetryable(e, ct))
                {
                    var delay = backoff.Next();
                    HostingLog.RoundFailed(_logger, e.GetType().Name, e.Message, delay.TotalMilliseconds);
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    _trigger.Signal(observedAt); // keep the original observation time: the latency includes the outage
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Graceful shutdown: a round in progress was cancelled between steps; a sent transaction stays recorded in SQLite.
        }
        catch (SqliteException e)
        {
            throw new KeeperFatalException($"The keeper database {_store.Path} failed: {e.Message}", e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sources.ConfigureAwait(false);
            HostingLog.Stopped(_logger, _status.LastBlock, _status.Rounds, _status.Liquidations);
        }
    }

    /// <summary>
    /// Everything but cancellation is retried (RPC failures, reverts, reorgs while reading) except the keeper's own database failing
    /// (a missing table, a corrupt or read-only file, a full disk): retrying cannot mend it, and a keeper whose index no longer advances
    /// must not keep answering /healthz with "ok". That stops the keeper (exit code 1).
    /// </summary>
    private static bool IsRetryable(Exception e, CancellationToken ct) =>
        e is not SqliteException && (e is not OperationCanceledException || !ct.IsCancellationRequested);

    /// <summary>The start-up scan, retried with backoff until it reaches the head.</summary>
    private async Task SyncAsync(CancellationToken ct)
    {
        var checkpoint = await _store.LoadIntoAsync(_index, ct).ConfigureAwait(false);
        if (checkpoint is not null) _status.SetIndex(checkpoint.Number, _index.Count);
        var backoff = new RetryBackoff();
        while (true)
        {
            try
            {
                var scan = await _scanner.ScanAsync(null, null, ct).ConfigureAwait(false);
                if (scan.FirstBlock is { } from) _status.SetStartupScanFrom(from);
                _status.SetIndex(scan.LastBlock, _index.Count);
                _status.MarkSynced();
                HostingLog.Synced(_logger, scan.LastBlock, _index.Count, _status.StartupScanFromBlock);
                return;
            }
            catch (Exception e) when (IsRetryable(e, ct))
            {
                var delay = backoff.Next();
                HostingLog.RoundFailed(_logger, e.GetType().Name, e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RoundAsync(long observedAt, CancellationToken ct)
    {
        var scan = await _scanner.ScanAsync(null, null, ct).ConfigureAwait(false);
        _status.SetIndex(scan.LastBlock, _index.Count);
        // After a reorg (or a node that came back with another chain) the account's nonce may have moved back: re-read it.
        if (scan.RewoundTo is not null) await _connection.Web3.TransactionManager!.ResetNonceAsync().WaitAsync(ct).ConfigureAwait(false);
        // Liquidations left in flight (a receipt wait that gave up, a previous run) first: mined, dropped or still pending.
        if (_inFlight.Count > 0)
        {
            foreach (var receipt in await _inFlight.ResolveAsync(ct).ConfigureAwait(false))
                _metrics.RecordLateLiquidations(LiquidationReceipts.VaultLiquidations(receipt, _deployment.VaultFactory).Count);
        }
        var answer = (await _oracle.LatestRoundDataQueryAsync(null, ct).ConfigureAwait(false)).Answer;
        if (answer <= 0) return; // the factory rejects it too; the next update will do
        var price = answer * _priceScale;
        var crossed = _index.Candidates((uint)_deployment.MarketId, price).Select(r => r.Vault).ToList();
        var candidates = crossed.Where(v => !_inFlight.IsPending(v)).ToList();
        if (candidates.Count < crossed.Count)
            HostingLog.InFlightSkipped(_logger, crossed.Count - candidates.Count, [.. crossed.Where(_inFlight.IsPending).Select(v => v.ToString())]);
        if (candidates.Count == 0) return;

        _status.AddRound();
        var round = await _executor.LiquidateAsync(candidates, ct).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(observedAt);
        _metrics.RecordLiquidations(round.Liquidated.Count, latency);
        HostingLog.Round(_logger, scan.LastBlock, PeopleUnits.Price(price), candidates.Count, round.Liquidated.Count, round.Skipped.Count, round.Outcome.ToString(),
            Math.Round(latency.TotalMilliseconds, 1));
        // A transport failure may have hidden a liquidation chance: try again. Reverts and rejected prices wait for the next block or price.
        if (round.Outcome == LiquidationOutcome.RpcError) throw new RpcClientUnknownException($"liquidation round: {round.Error}");
    }

    public async ValueTask DisposeAsync()
    {
        await _inFlightStore.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
