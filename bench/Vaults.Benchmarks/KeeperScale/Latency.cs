using System.Diagnostics;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>The median and 99th percentile of repeated timings, in microseconds.</summary>
internal sealed record Latency(double MedianMicros, double P99Micros, double MeanMicros)
{
    /// <summary>From <see cref="Stopwatch.GetTimestamp"/> differences.</summary>
    public static Latency FromTicks(IReadOnlyCollection<long> ticks)
    {
        if (ticks.Count == 0) throw new ArgumentException("No timings.", nameof(ticks));
        var micros = ticks.Select(t => t * 1e6 / Stopwatch.Frequency).Order().ToArray();
        // Nearest-rank percentiles: the value at or below which the given share of the timings lies.
        double At(double share) => micros[Math.Clamp((int)Math.Ceiling(share * micros.Length) - 1, 0, micros.Length - 1)];
        return new Latency(At(0.50), At(0.99), micros.Average());
    }

    /// <summary>"21.7 µs" or "1.23 ms".</summary>
    public static string Format(double micros) => micros < 1_000 ? $"{micros:N1} µs" : $"{micros / 1_000:N2} ms";
}
