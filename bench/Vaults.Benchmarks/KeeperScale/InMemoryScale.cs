using System.Diagnostics;
using Vaults.Keeper.Index;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>What the in-memory run measured for one book size.</summary>
/// <param name="Vaults">Indexed vaults.</param>
/// <param name="Updates">Timed price updates.</param>
/// <param name="MeanCrossed">Vaults crossed per update (k), on average.</param>
/// <param name="MaxCrossed">The largest k of the run.</param>
/// <param name="Index">Time to pick the candidates of one update with <c>VaultIndex.Candidates(market, price)</c>.</param>
/// <param name="Naive">Time for the naive keeper to test every vault against the update.</param>
/// <param name="IndexBytesPerVault">Managed heap per vault of the index keeper: the record plus the index's dictionary entry and tree node.</param>
/// <param name="NaiveBytesPerVault">Managed heap per vault of the naive keeper: the record in a flat array.</param>
internal sealed record InMemoryResult(int Vaults, int Updates, double MeanCrossed, int MaxCrossed, Latency Index, Latency Naive,
    double IndexBytesPerVault, double NaiveBytesPerVault, int Markets = 4)
{
    /// <summary>How many times slower the naive keeper is, by median.</summary>
    public double MedianRatio => Naive.MedianMicros / Index.MedianMicros;
}

/// <summary>
/// Part 1 of <c>keeper-scale</c>: a <see cref="VaultIndex"/> of N vaults from <see cref="SyntheticBook"/>, and per random price
/// update the time to pick the vaults it crosses (both sides of the updated market, as the keeper asks), against a naive keeper that
/// tests every vault it knows. The naive keeper here is the cheapest full pass there is (the stored liquidation price compared with
/// the new price, no margin math, no RPC), so the ratio is a lower bound. Both must return the same vaults.
/// </summary>
internal static class InMemoryScale
{
    /// <summary>Builds a book of <paramref name="vaults"/> vaults and times <paramref name="updates"/> price updates on it.</summary>
    public static InMemoryResult Run(int vaults, int updates, int marketCount = 4)
    {
        var random = new Random(vaults);
        var markets = SyntheticBook.MarketsOf(marketCount);
        long baseline = HeapBytes();
        var records = SyntheticBook.Vaults(vaults, random, markets);
        double naiveBytes = (HeapBytes() - baseline) / (double)vaults;

        var index = new VaultIndex();
        foreach (var record in records) index.Upsert(record);
        records = null;
        double indexBytes = (HeapBytes() - baseline) / (double)vaults;
        GC.KeepAlive(index);

        // The naive keeper's own list (the same records, so both read the same data).
        var all = index.Vaults.ToArray();
        var priceUpdates = SyntheticBook.Updates(updates, random, markets);
        WarmUp(index, all, priceUpdates);

        var indexTicks = new long[updates];
        var naiveTicks = new long[updates];
        var crossed = new int[updates];
        for (int i = 0; i < updates; i++)
        {
            var update = priceUpdates[i];
            long start = Stopwatch.GetTimestamp();
            var candidates = index.Candidates(update.MarketId, update.Price);
            indexTicks[i] = Stopwatch.GetTimestamp() - start;

            start = Stopwatch.GetTimestamp();
            int naive = NaiveCount(all, update);
            naiveTicks[i] = Stopwatch.GetTimestamp() - start;

            if (naive != candidates.Count)
                throw new InvalidOperationException($"The index picked {candidates.Count} vaults where the naive pass found {naive}.");
            crossed[i] = naive;
        }
        return new InMemoryResult(vaults, updates, crossed.Average(), crossed.Max(),
            Latency.FromTicks(indexTicks), Latency.FromTicks(naiveTicks), indexBytes, naiveBytes, marketCount);
    }

    /// <summary>The naive keeper: every vault of the updated market tested against the new price.</summary>
    private static int NaiveCount(VaultRecord[] all, PriceUpdate update)
    {
        int n = 0;
        foreach (var r in all)
            if (r.MarketId == update.MarketId && r.IsCrossedBy(update.Price)) n++;
        return n;
    }

    /// <summary>Runs both paths until the JIT has tiered them up (at least half a second and 200 updates).</summary>
    private static void WarmUp(VaultIndex index, VaultRecord[] all, PriceUpdate[] updates)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 200 || watch.ElapsedMilliseconds < 500; i++)
        {
            var update = updates[i % updates.Length];
            GC.KeepAlive(index.Candidates(update.MarketId, update.Price));
            GC.KeepAlive(NaiveCount(all, update));
        }
    }

    /// <summary>Live managed heap after a full, compacting collection.</summary>
    private static long HeapBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
