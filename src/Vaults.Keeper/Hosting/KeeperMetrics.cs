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
    private long _latencyCount;
    private double _latencySum;

    public KeeperMetrics(IMeterFactory meters, KeeperStatus status)
    {
        _status = status;
        var meter = meters.Create("Vaults.Keeper");
        _liquidations = meter.CreateCounter<long>("vaults.keeper.liquidations", description: "Vaults liquidated by this keeper");
        _latency = meter.CreateHistogram<double>("vaults.keeper.price_to_liquidation", unit: "s",
            description: "From observing a price update (or the block) to the liquidation's receipt");
        meter.CreateObservableGauge("vaults.keeper.vaults_indexed", () => status.VaultsIndexed, description: "Open vaults in the index");
        meter.CreateObservableGauge("vaults.keeper.last_block", () => status.LastBlock, description: "Last block processed");
        meter.CreateObservableCounter("vaults.keeper.rpc_errors", () => status.RpcErrors, description: "Failed JSON-RPC attempts");
    }

    /// <summary>Records <paramref name="count"/> liquidations whose receipt came <paramref name="latency"/> after the trigger.</summary>
    public void RecordLiquidations(int count, TimeSpan latency)
    {
        if (count <= 0) return;
        _status.AddLiquidations(count);
        _liquidations.Add(count);
        double seconds = latency.TotalSeconds;
        lock (_lock)
        {
            for (int i = 0; i < count; i++)
            {
                _latency.Record(seconds);
                _latencyCount++;
                _latencySum += seconds;
                int bucket = Array.FindIndex(LatencyBuckets, b => seconds <= b);
                if (bucket >= 0) _bucketCounts[bucket]++;
            }
        }
    }

    /// <summary>Records <paramref name="count"/> liquidations whose receipt came in a later round (no meaningful latency).</summary>
    public void RecordLateLiquidations(int count)
    {
        if (count <= 0) return;
        _status.AddLiquidations(count);
        _liquidations.Add(count);
    }

    /// <summary>The Prometheus text exposition (format 0.0.4).</summary>
    public string RenderPrometheus()
    {
        var text = new StringBuilder();
        Metric(text, "keeper_synced", "gauge", "1 once the first scan reached the chain head", _status.IsSynced ? 1 : 0);
        Metric(text, "keeper_vaults_indexed", "gauge", "Open vaults in this keeper's index", _status.VaultsIndexed);
        Metric(text, "keeper_last_block", "gauge", "Last block processed into the index", _status.LastBlock);
        Metric(text, "keeper_liquidations_total", "counter", "Vaults liquidated by this keeper", _status.Liquidations);
        Metric(text, "keeper_rounds_total", "counter", "Liquidation rounds run", _status.Rounds);
        Metric(text, "keeper_rpc_errors_total", "counter", "Failed JSON-RPC attempts (transport errors and timeouts)", _status.RpcErrors);
        const string latency = "keeper_price_to_liquidation_seconds";
        text.Append("# HELP ").Append(latency).Append(" From observing a price update (or block) to the liquidation receipt\n");
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

    private static void Metric(StringBuilder text, string name, string type, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
}
