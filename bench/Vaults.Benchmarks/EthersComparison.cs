using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Vaults.Benchmarks;

/// <summary>
/// Measures our EIP-1559 signing and ABI round trip with BenchmarkDotNet, pinned to one core, then runs
/// hardhat-node/bench/ethers-bench.js (ethers v6, same workloads) on the same core, and prints both with the ratio
/// against the targets of 3× ethers. The figures are written to BenchmarkDotNet.Artifacts/vs-ethers.json.
/// </summary>
internal static class EthersComparison
{
    private const double SignTarget = 7_500, AbiTarget = 7_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var job = (quick ? Job.ShortRun : Job.Default).WithAffinity(1); // core 0 only: "on one core"
        // ManualConfig is mutable: one per run, each with its own filter.
        IConfig Only(string method) => ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
            .AddFilter(new BenchmarkDotNet.Filters.NameFilter(name => name == method));

        var sign = OpsPerSecond(BenchmarkRunner.Run<SigningBenchmarks>(Only(nameof(SigningBenchmarks.SignEip1559Transaction))));
        var abi = OpsPerSecond(BenchmarkRunner.Run<AbiBenchmarks>(Only(nameof(AbiBenchmarks.RoundTrip))));
        var ethers = await RunEthersAsync();

        var rows = new[]
        {
            ("EIP-1559 sign + serialise (tx/s)", sign, ethers.Sign, SignTarget),
            ("ABI encode + decode round trip (/s)", abi, ethers.Abi, AbiTarget),
        };
        Console.WriteLine();
        Console.WriteLine("| Workload (one core) | Vaults.Ethereum | ethers v6 | ratio | target | met |");
        Console.WriteLine("|---|---:|---:|---:|---:|:-:|");
        foreach (var (name, ours, theirs, target) in rows)
            Console.WriteLine($"| {name} | {ours:N0} | {theirs:N0} | {ours / theirs:0.0}x | {target:N0} | {(ours >= target ? "yes" : "no")} |");

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        await File.WriteAllTextAsync(Path.Combine("BenchmarkDotNet.Artifacts", "vs-ethers.json"), JsonSerializer.Serialize(new
        {
            signTxPerSec = Math.Round(sign), abiRoundTripsPerSec = Math.Round(abi),
            ethersSignTxPerSec = ethers.Sign, ethersAbiRoundTripsPerSec = ethers.Abi,
            machine = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        }));
        return sign >= SignTarget && abi >= AbiTarget ? 0 : 1;
    }

    private static double OpsPerSecond(Summary summary)
    {
        var report = summary.Reports.Single();
        if (report.ResultStatistics is null) throw new InvalidOperationException($"Benchmark {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} produced no result.");
        return 1e9 / report.ResultStatistics.Mean;
    }

    private static async Task<(double Sign, double Abi)> RunEthersAsync()
    {
        var script = Path.Combine(Vaults.Devnet.HardhatNodeLocator.Locate(null), "bench", "ethers-bench.js");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node (is Node.js 20+ on PATH?).");
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) node.ProcessorAffinity = 1; // the same single core
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0) throw new InvalidOperationException($"ethers-bench.js exited with {node.ExitCode}; run 'npm ci' in hardhat-node.");
        using var json = JsonDocument.Parse(output.Trim().Split('\n').Last());
        return (json.RootElement.GetProperty("signTxPerSec").GetDouble(), json.RootElement.GetProperty("abiRoundTripsPerSec").GetDouble());
    }
}
