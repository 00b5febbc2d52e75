using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Vaults.Benchmarks;

/// <summary>
/// Measures, with BenchmarkDotNet pinned to one core, the keeper's hot path on Nethereum (decode a previewMany chunk of 100 vaults;
/// encode and sign a liquidateBatch of 50) and the two general workloads (EIP-1559 sign, ABI round trip); then runs
/// hardhat-node/bench/ethers-bench.js (ethers v6, the same four workloads) on the same core, and prints both side by side.
/// The figures are written to BenchmarkDotNet.Artifacts/vs-ethers.json.
/// </summary>
internal static class EthersComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        // Core 0 only ("on one core"), in process: no generated project to build per benchmark (minutes on a loaded 2-core machine).
        var job = (quick ? Job.ShortRun : Job.Default).WithAffinity(1).WithToolchain(InProcessEmitToolchain.Instance);
        // ManualConfig is mutable: one per run, each with its own filter.
        IConfig Only(string method) => ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
            .AddFilter(new BenchmarkDotNet.Filters.NameFilter(name => name == method));

        var preview = OpsPerSecond(BenchmarkRunner.Run<KeeperHotPathBenchmarks>(Only(nameof(KeeperHotPathBenchmarks.DecodePreviewManyChunk))));
        var batch = OpsPerSecond(BenchmarkRunner.Run<KeeperHotPathBenchmarks>(Only(nameof(KeeperHotPathBenchmarks.EncodeAndSignLiquidateBatch))));
        var sign = OpsPerSecond(BenchmarkRunner.Run<SigningBenchmarks>(Only(nameof(SigningBenchmarks.SignEip1559Transaction))));
        var abi = OpsPerSecond(BenchmarkRunner.Run<AbiBenchmarks>(Only(nameof(AbiBenchmarks.RoundTrip))));
        var ethers = await RunEthersAsync();

        var rows = new[]
        {
            ("Keeper: decode a previewMany chunk of 100 vaults (/s)", preview, ethers.Preview),
            ("Keeper: encode + sign a liquidateBatch of 50 vaults (/s)", batch, ethers.Batch),
            ("EIP-1559 sign + serialise (tx/s)", sign, ethers.Sign),
            ("ABI encode + decode round trip (/s)", abi, ethers.Abi),
        };
        Console.WriteLine();
        Console.WriteLine("| Workload (one core) | Nethereum 6.1 | ethers v6 | Nethereum / ethers |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, ours, theirs) in rows)
            Console.WriteLine($"| {name} | {ours:N0} | {theirs:N0} | {ours / theirs:0.00}x |");

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "vs-ethers.json"), JsonSerializer.Serialize(new
        {
            previewChunksPerSec = Math.Round(preview), liquidateBatchesPerSec = Math.Round(batch),
            signTxPerSec = Math.Round(sign), abiRoundTripsPerSec = Math.Round(abi),
            ethersPreviewChunksPerSec = ethers.Preview, ethersLiquidateBatchesPerSec = ethers.Batch,
            ethersSignTxPerSec = ethers.Sign, ethersAbiRoundTripsPerSec = ethers.Abi,
            machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        }));
        return 0;
    }

    private static double OpsPerSecond(Summary summary)
    {
        var report = summary.Reports.Single();
        if (report.ResultStatistics is null) throw new InvalidOperationException($"Benchmark {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} produced no result.");
        return 1e9 / report.ResultStatistics.Mean;
    }

    private static async Task<(double Sign, double Abi, double Preview, double Batch)> RunEthersAsync()
    {
        var script = Path.Combine(Vaults.Devnet.HardhatNodeLocator.Locate(null), "bench", "ethers-bench.js");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node (is Node.js 20+ on PATH?).");
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) node.ProcessorAffinity = 1; // the same single core
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) throw new InvalidOperationException($"ethers-bench.js exited with {node.ExitCode}; run 'npm ci' in hardhat-node.");
        using var json = JsonDocument.Parse(output.Trim().Split('\n').Last());
        double Figure(string name) => json.RootElement.GetProperty(name).GetDouble();
        return (Figure("signTxPerSec"), Figure("abiRoundTripsPerSec"), Figure("previewChunksPerSec"), Figure("liquidateBatchesPerSec"));
    }
}
