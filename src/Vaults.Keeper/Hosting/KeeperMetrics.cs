using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's metrics: instruments on an <see cref="IMeterFactory"/> meter ("Vaults.Keeper", for any OpenTelemetry exporter), and the
/// same figures rendered in the Prometheus text format for <c>/metrics</c> (no exporter package needed). No vault address is ever a tag.
/// </summary>
internal sealed class KeeperMetrics
{
    /// <summary>Upper bounds of the price-to-liquidation latency histogram, in seconds.</summary>
    internal static readonly double[] LatencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly KeeperStatus _status;
    private readonly Counter<long> _liquidations;
    private readonly Histogram<double> _latency;
    private readonly Lock _lock = new();
    private readonly long[] _bucketCounts = new long[LatencyBuckets.Length];
    private readonly SortedDictionary<string, MarketFigures> _byMarket = new(StringComparer.Ordinal);
    private long _latencyCount;
    private double _latencySum;

    public KeeperMetrics(IMeterFactory meters, KeeperStatus status)
    {
        _status = status;
        var meter = meters.Create("Vaults.Keeper");
        _liquidations = meter.CreateCounter<long>("vaults.keeper.liquidations", description: "Vaults liquidated by this keeper");
        _latency = meter.CreateHistogram<double>("vaults.keeper.price_to_liquidation", unit: "s",
            description: "From the price update that made a vault liquidatable to the receipt of its liquidation");
        meter.CreateObservableGauge("vaults.keeper.vaults_indexed", () => status.VaultsIndexed, description: "Open vaults in the index");
        meter.CreateObservableGauge("vaults.keeper.last_block", () => status.LastBlock, description: "Last block processed");
        meter.CreateObservableCounter("vaults.keeper.rpc_errors", () => status.RpcErrors, description: "Failed JSON-RPC attempts");
    }

    /// <summary>Makes <paramref name="market"/> appear in /metrics (with 0 liquidations) before its first liquidation.</summary>
    public void AddMarket(string market)
    {
        lock (_lock) _byMarket.TryAdd(market, new MarketFigures());
    }

    /// <summary>The <c>updatedAt</c> (unix seconds) of <paramref name="market"/>'s latest feed round, for its price age.</summary>
    public void SetPriceUpdatedAt(string market, long updatedAt)
    {
        lock (_lock) Figures(market).PriceUpdatedAt = updatedAt;
    }

    /// <summary>
    /// Records liquidations of <paramref name="market"/>, each with its own latency: from the price update (the round that first found the
    /// vault liquidatable) to its own receipt, so a vault held back by a grace period shows the wait.
    /// </summary>
    public void RecordLiquidations(string market, IReadOnlyList<TimeSpan> latencies)
    {
        if (latencies.Count == 0) return;
        _status.AddLiquidations(latencies.Count);
        var tag = new KeyValuePair<string, object?>("market", market);
        _liquidations.Add(latencies.Count, tag);
        lock (_lock)
        {
            Figures(market).Liquidations += latencies.Count;
            foreach (var latency in latencies)
            {
                double seconds = latency.TotalSeconds;
                _latency.Record(seconds, tag);
                _latencyCount++;
                _latencySum += seconds;
                int bucket = Array.FindIndex(LatencyBuckets, b => seconds <= b);
                if (bucket >= 0) _bucketCounts[bucket]++;
            }
        }
    }

    /// <summary>Records <paramref name="count"/> liquidations whose receipt came in a later round (no meaningful latency).</summary>
    public void RecordLateLiquidations(string market, int count)
    {
        if (count <= 0) return;
        _status.AddLiquidations(count);
        _liquidations.Add(count, new KeyValuePair<string, object?>("market", market));
        lock (_lock) Figures(market).Liquidations += count;
    }

    private MarketFigures Figures(string market)
    {
        if (!_byMarket.TryGetValue(market, out var figures)) _byMarket[market] = figures = new MarketFigures();
        return figures;
    }

    /// <summary>The Prometheus text exposition (format 0.0.4).</summary>
    public string RenderPrometheus()
    {
        var text = new StringBuilder();
        Metric(text, "keeper_synced", "gauge", "1 once the first scan reached the chain head", _status.IsSynced ? 1 : 0);
        Metric(text, "keeper_vaults_indexed", "gauge", "Open vaults in this keeper's index", _status.VaultsIndexed);
        Metric(text, "keeper_last_block", "gauge", "Last block processed into the index", _status.LastBlock);
        lock (_lock)
        {
            // Per market: a handful of series (markets are few), never one per vault.
            text.Append("# HELP keeper_liquidations_total Vaults liquidated by this keeper, per market\n# TYPE keeper_liquidations_total counter\n");
            foreach (var (market, figures) in _byMarket)
                text.Append(CultureInfo.InvariantCulture, $"keeper_liquidations_total{{market=\"{market}\"}} {figures.Liquidations}\n");
            text.Append("# HELP keeper_price_age_seconds Seconds since the market's latest feed round, at the keeper's last read\n# TYPE keeper_price_age_seconds gauge\n");
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var (market, figures) in _byMarket.Where(m => m.Value.PriceUpdatedAt > 0))
                text.Append(CultureInfo.InvariantCulture, $"keeper_price_age_seconds{{market=\"{market}\"}} {Math.Max(0, now - figures.PriceUpdatedAt)}\n");
        }
        Metric(text, "keeper_rounds_total", "counter", "Liquidation rounds run", _status.Rounds);
        Metric(text, "keeper_rpc_errors_total", "counter", "Failed JSON-RPC attempts (transport errors and timeouts)", _status.RpcErrors);
        const string latency = "keeper_price_to_liquidation_seconds";
        text.Append("# HELP ").Append(latency).Append(" From the price update that made a vault liquidatable to its own liquidation receipt\n");
        text.Append("# TYPE ").Append(latency).Append(" histogram\n");
        lock (_lock)
        {
            long cumulative = 0;
            for (int i = 0; i < LatencyBuckets.Length; i++)
            {
                cumulative += _bucketCounts[i];
                text.Append(CultureInfo.InvariantCulture, $"{latency}_bucket{{le=\"{LatencyBuckets[i]}\"}} {cumulative}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"{latency}_bucket{{le=\"+Inf\"}} {_latencyCount}\n");
            text.Append(CultureInfo.InvariantCulture, $"{latency}_sum {_latencySum}\n");
            text.Append(CultureInfo.InvariantCulture, $"{latency}_count {_latencyCount}\n");
        }
        return text.ToString();
    }

    private sealed class MarketFigures
    {
        public long Liquidations { get; set; }
        public long PriceUpdatedAt { get; set; }
    }

    private static void Metric(StringBuilder text, string name, string type, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
