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
using Nethereum.RPC.Eth.DTOs;
using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;
using Vaults.Keeper.Markets;
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
    private readonly MarketWatch _markets;
    private readonly MarketPriceReader _prices;
    private readonly MarketHolds _holds;
    // Per candidate: when the round that first found it liquidatable was triggered (its price update), for its own latency metric.
    private readonly Dictionary<Address, long> _liquidatableSince = [];
    // The market of each vault sent, for the metrics of a receipt that comes in a later round.
    private readonly Dictionary<Address, string> _sentMarket = [];
    private int _scheduledRoundDue; // 1 when a round scheduled at a suspension's end is due
    private readonly KeeperTrigger _trigger = new();
    private readonly KeeperTriggerSources _sources;
    private readonly InFlightStore _inFlightStore;

    private KeeperEngine(KeeperOptions options, KeeperConnection connection, VaultsDeployment deployment, VaultIndexStore store,
        InFlightStore inFlightStore, KeeperStatus status, KeeperMetrics metrics, ILoggerFactory loggers)
    {
        _connection = connection;
        _deployment = deployment;
        _store = store;
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
        _markets = new MarketWatch(connection.Web3, deployment.MarketConfig, MarketNamesOf(deployment), loggers.CreateLogger<MarketWatch>());
        _prices = new MarketPriceReader(connection.Web3);
        _holds = new MarketHolds(loggers.CreateLogger<MarketHolds>());
        _sources = new KeeperTriggerSources(_trigger, connection.Web3.Eth, connection.WebSocket, () => _markets.Feeds,
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
            store = await OpenDatabaseAsync(options.DatabasePath, VaultIndexStore.OpenAsync, ct).ConfigureAwait(false);
            var inFlight = await OpenDatabaseAsync(options.DatabasePath, InFlightStore.OpenAsync, ct).ConfigureAwait(false);
            HostingLog.Starting(loggers.CreateLogger<KeeperEngine>(), connection.Keeper.ToString(), deployment.ChainId,
                deployment.VaultFactory.ToString(), options.Shard, options.DatabasePath);
            return new KeeperEngine(options, connection, deployment, store, inFlight, status, metrics, loggers);
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
                // Every market MarketConfig has now; markets created later come from the scanner's MarketParamsSet events.
                await _markets.LoadAsync(ct).ConfigureAwait(false);
                var scan = await _scanner.ScanAsync(null, null, ct).ConfigureAwait(false);
                await WatchAsync(scan, ct).ConfigureAwait(false);
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
        await WatchAsync(scan, ct).ConfigureAwait(false);
        // After a reorg (or a node that came back with another chain) the account's nonce may have moved back: re-read it.
        if (scan.RewoundTo is not null) await _connection.Web3.TransactionManager!.ResetNonceAsync().WaitAsync(ct).ConfigureAwait(false);
        // Liquidations left in flight (a receipt wait that gave up, a previous run) first: mined, dropped or still pending.
        if (_inFlight.Count > 0)
        {
            foreach (var receipt in await _inFlight.ResolveAsync(ct).ConfigureAwait(false))
                foreach (var late in LiquidationReceipts.VaultLiquidations(receipt, _deployment.VaultFactory).GroupBy(e => MarketNameOf(e.Event.Vault)))
                    _metrics.RecordLateLiquidations(late.Key, late.Count());
        }

        // Every market's price in one batch; then each market's crossed vaults from the index, a market without a usable price left out.
        var prices = await _prices.ReadAsync([.. _markets.Markets.OrderBy(m => m.Id)], ct).ConfigureAwait(false);
        var groups = new List<IReadOnlyList<Address>>();
        var marketOf = new Dictionary<Address, MarketPrice>();
        var inFlightCrossed = new List<Address>();
        foreach (var price in prices)
        {
            if (price.UpdatedAt > 0) _metrics.SetPriceUpdatedAt(price.Market.Name, (long)price.UpdatedAt);
            if (price.Price is not { } answer)
            {
                _holds.Unusable(price.Market, price.Error!);
                continue;
            }
            if (_holds.IsHeld(price.Market.Id, price.UpdatedAt)) continue;
            var crossed = _index.Candidates(price.Market.Id, answer).Select(r => r.Vault).ToList();
            inFlightCrossed.AddRange(crossed.Where(_inFlight.IsPending));
            var candidates = crossed.Where(v => !_inFlight.IsPending(v)).ToList();
            if (candidates.Count == 0)
            {
                _holds.Usable(price.Market);
                continue;
            }
            groups.Add(candidates);
            foreach (var v in candidates) marketOf[v] = price;
        }
        if (inFlightCrossed.Count > 0) HostingLog.InFlightSkipped(_logger, inFlightCrossed.Count, [.. inFlightCrossed.Select(v => v.ToString())]);
        // A vault's latency starts at the round that first found it liquidatable; one no longer crossed (repaid, price back) starts afresh.
        foreach (var gone in _liquidatableSince.Keys.Where(v => !marketOf.ContainsKey(v) && !_inFlight.IsPending(v)).ToList()) _liquidatableSince.Remove(gone);
        foreach (var v in marketOf.Keys) _liquidatableSince.TryAdd(v, observedAt);
        if (groups.Count == 0) return;

        _status.AddRound();
        // The round scheduled at a suspension's end judges at the pending block: the latest may still be from before the end.
        bool atPending = Interlocked.Exchange(ref _scheduledRoundDue, 0) == 1;
        var round = await _executor.LiquidateGroupsAsync(groups, ct, atPending).ConfigureAwait(false);
        foreach (var v in round.Confirmed) _sentMarket[v] = marketOf[v].Market.Name;
        foreach (var byMarket in round.Liquidated.GroupBy(l => marketOf[l.Vault].Market.Name))
        {
            _metrics.RecordLiquidations(byMarket.Key, [.. byMarket.Select(l => Stopwatch.GetElapsedTime(_liquidatableSince.GetValueOrDefault(l.Vault, observedAt), l.ReceiptAt))]);
            foreach (var l in byMarket)
            {
                _liquidatableSince.Remove(l.Vault);
                _sentMarket.Remove(l.Vault);
            }
        }
        await HoldRejectedAsync(round, marketOf, ct).ConfigureAwait(false);
        var latency = Stopwatch.GetElapsedTime(observedAt);
        HostingLog.Round(_logger, scan.LastBlock, Describe(groups.Select(g => marketOf[g[0]])), marketOf.Count, round.Liquidated.Count, round.Skipped.Count,
            round.Outcome.ToString(), Math.Round(latency.TotalMilliseconds, 1));
        // A transport failure may have hidden a liquidation chance: try again. Reverts and rejected prices wait for the next block or price.
        if (round.Outcome == LiquidationOutcome.RpcError) throw new RpcClientUnknownException($"liquidation round: {round.Error}");
    }

    /// <summary>New markets and feeds the scan saw are watched from now on (their vaults' next round, their feed's AnswerUpdated).</summary>
    private async Task WatchAsync(ScanResult scan, CancellationToken ct)
    {
        await _markets.ApplyAsync(scan.MarketParams, ct).ConfigureAwait(false);
        foreach (var market in _markets.Markets) _metrics.AddMarket(market.Name);
    }

    /// <summary>
    /// Markets whose price the confirmation read refused are held (not confirmed again until their feed moves, see <see cref="MarketHolds"/>);
    /// for a suspension with a known end (the sequencer's grace period) a round is scheduled at that end, so liquidations resume then and
    /// not at the next block or price.
    /// </summary>
    private async Task HoldRejectedAsync(LiquidationRound round, Dictionary<Address, MarketPrice> marketOf, CancellationToken ct)
    {
        var rejected = round.PriceRejections.GroupBy(r => marketOf[r.Vaults[0]].Market.Id).ToList();
        foreach (var market in marketOf.Values.Select(p => p.Market).DistinctBy(m => m.Id).Where(m => rejected.All(r => r.Key != m.Id)))
            _holds.Usable(market);
        if (rejected.Count == 0) return;
        BigInteger chainNow = (await _connection.Web3.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest(), ct).ConfigureAwait(false))?.Timestamp?.Value ?? 0;
        foreach (var byMarket in rejected)
        {
            var price = marketOf[byMarket.First().Vaults[0]];
            if (_holds.Hold(price.Market, price.UpdatedAt, byMarket.First(), chainNow) is { } delay) _ = ScheduleRoundAsync(delay, ct);
        }
    }

    private async Task ScheduleRoundAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _scheduledRoundDue, 1);
            _trigger.Signal();
        }
        catch (OperationCanceledException) { }
    }

    private string MarketNameOf(Address vault) =>
        _sentMarket.Remove(vault, out var name) ? name
        : _index.TryGet(vault, out var record) && _markets.TryGet(record.MarketId, out var market) ? market.Name
        : "unknown";

    private static string Describe(IEnumerable<MarketPrice> prices) =>
        string.Join(", ", prices.Select(p => $"{p.Market.Name} {PeopleUnits.Price(p.Price!.Value.ToBigInteger())}"));

    /// <summary>The names the deployment file gives its markets (markets it does not name are named from their feed's description).</summary>
    private static Dictionary<uint, string> MarketNamesOf(VaultsDeployment deployment) =>
        deployment.Markets.ToDictionary(m => (uint)m.Id, m => m.Name);

    public async ValueTask DisposeAsync()
    {
        await _inFlightStore.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
