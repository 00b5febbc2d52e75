using System.Text.Json;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>
/// <c>keeper-scale [--quick]</c> (issue 4): the keeper's cost per price update as the number of vaults grows.
/// Part 1 in memory at 10,000 and 100,000 vaults (candidate selection time and memory per vault, index against a naive pass);
/// part 2 on a real Hardhat node (JSON-RPC calls and wall time per update, index keeper against a naive keeper).
/// Prints markdown tables and writes BenchmarkDotNet.Artifacts/keeper-scale.json. Exit code 0 when the targets are met:
/// median selection under 5 ms at 100,000 vaults, and the index keeper's RPC calls per update the same at every book size.
/// </summary>
internal static class KeeperScaleReport
{
    private const double SelectionTargetMicros = 5_000;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await RunReportAsync(args);
        }
        catch (Exception e)
        {
            // One line, as the CLI reports errors: a benchmark that cannot finish says where and why, not a stack trace.
            await Console.Error.WriteLineAsync($"keeper-scale failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    private static async Task<int> RunReportAsync(string[] args)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        bool quick = args.Contains("--quick");
        int updates = quick ? 300 : 2_000;

        // 10,000 and 100,000 vaults over 4 markets, then 10 markets of 10,000 vaults each (100,000 across markets).
        var inMemory = new[] { (10_000, 4), (100_000, 4), (100_000, 10) }.Select(c => InMemoryScale.Run(c.Item1, updates, c.Item2)).ToList();
        PrintInMemory(inMemory);
        // Judged on the median: on a shared machine the p99 also catches the scheduler's pauses (printed, not judged).
        bool selectionMet = inMemory.All(r => r.Index.MedianMicros < SelectionTargetMicros);

        var (onChain, chunkGas, many) = await OnChainScale.RunAsync(quick ? [200, 1_000] : [200, 1_000, 10_000], rounds: quick ? 1 : 3);
        PrintOnChain(onChain, chunkGas);
        PrintManyMarkets(many);
        // The index keeper's calls must not depend on how many healthy vaults there are (nor, over many markets, on theirs).
        bool rpcConstant = onChain.Select(r => r.IndexRequests).Distinct().Count() == 1 && many.Select(r => r.Requests).Distinct().Count() == 1;

        Console.WriteLine();
        Console.WriteLine($"Selection (median) under {Latency.Format(SelectionTargetMicros)} at every size: {(selectionMet ? "pass" : "FAIL")}; " +
            $"index keeper's RPC calls per update independent of healthy vaults: {(rpcConstant ? "pass" : "FAIL")}");
        Console.WriteLine($"keeper-scale{(quick ? " --quick" : "")} took {watch.Elapsed.TotalSeconds:N0} s (load average {LoadAverage()}).");
        await WriteJsonAsync(new
        {
            quick, inMemory, selectionTargetMicros = SelectionTargetMicros, selectionMet,
            onChain, manyMarkets = many, naiveChunkSize = NaiveKeeper.ChunkSize, previewManyChunkGas = chunkGas, rpcConstant,
            seconds = watch.Elapsed.TotalSeconds, loadAverage = LoadAverage(),
        });
        return selectionMet && rpcConstant ? 0 : 1;
    }

    private static void PrintOnChain(IReadOnlyList<OnChainResult> results, long chunkGas)
    {
        Console.WriteLine();
        Console.WriteLine($"On a Hardhat node: per price update that makes {results[0].Crossed} vaults liquidatable, median of {results[0].Index.Count} rounds " +
            $"(naive: previewMany of {NaiveKeeper.ChunkSize} vaults per eth_call, {chunkGas:N0} gas each).");
        Console.WriteLine();
        Console.WriteLine("| Open vaults | Index keeper: RPC calls / wall time | Naive keeper: RPC calls / wall time | Ratio: calls / time | Index keeper's calls |");
        Console.WriteLine("|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var methods = string.Join(", ", r.Index[^1].ByMethod.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"));
            Console.WriteLine($"| {r.HealthyVaults:N0} | {r.IndexRequests} / {r.IndexWallMillis:N1} ms | {r.NaiveRequests} / {r.NaiveWallMillis:N1} ms " +
                $"| {(double)r.NaiveRequests / r.IndexRequests:N1}x / {r.NaiveWallMillis / r.IndexWallMillis:N1}x | {methods} |");
        }
    }

    private static void PrintManyMarkets(IReadOnlyList<ManyMarketsResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"On a Hardhat node, {results[0].Markets} markets with a feed each: a price update of one market making {results[0].Crossed} of its vaults " +
            "liquidatable, handled as the daemon does (every feed read in one batch, candidates per market), median of the rounds.");
        Console.WriteLine();
        Console.WriteLine("| Markets | Open vaults (all markets) | RPC calls (batch items counted) / wall time | Calls |");
        Console.WriteLine("|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var methods = string.Join(", ", r.Updates[^1].ByMethod.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value}"));
            Console.WriteLine($"| {r.Markets} | {r.OpenVaults:N0} | {r.Requests} / {r.WallMillis:N1} ms | {methods} |");
        }
    }

    private static void PrintInMemory(IReadOnlyList<InMemoryResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"In memory: {results[0].Updates:N0} random price updates (one market moves 1-2%), both sides.");
        Console.WriteLine();
        Console.WriteLine("| Markets | Indexed vaults | Crossed per update (mean / max) | Index: pick candidates (median / p99) | Naive: test every vault (median / p99) | Ratio (median) | Memory per vault: index / naive |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Markets} | {r.Vaults:N0} | {r.MeanCrossed:N0} / {r.MaxCrossed:N0} | {Latency.Format(r.Index.MedianMicros)} / {Latency.Format(r.Index.P99Micros)} " +
                $"| {Latency.Format(r.Naive.MedianMicros)} / {Latency.Format(r.Naive.P99Micros)} | {r.MedianRatio:N0}x | {r.IndexBytesPerVault:N0} B / {r.NaiveBytesPerVault:N0} B |");
        }
    }

    /// <summary>The 1-minute load average on Linux (timings on a shared machine need it to be read), or "n/a".</summary>
    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) ? File.ReadAllText(path).Split(' ')[0] : "n/a";
    }

    private static async Task WriteJsonAsync(object report)
    {
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "keeper-scale.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine();
        Console.WriteLine($"Written to {Path.GetFullPath(path)}");
    }
}
