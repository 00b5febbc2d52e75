using BenchmarkDotNet.Attributes;
using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Benchmarks;

/// <summary>
/// Candidate selection in the keeper's <see cref="VaultIndex"/>: N vaults (half long, half short, liquidation prices spread
/// around 2,000), then the candidates for a price that crosses about 1% of each side (k ~ N/100), and the naive scan of every vault.
/// Target: under 5 ms at 100,000 vaults. Run: <c>dotnet run -c Release --project bench/Vaults.Benchmarks -- --filter '*KeeperIndex*'</c>.
/// </summary>
[MemoryDiagnoser]
public class KeeperIndexBenchmarks
{
    private VaultIndex _index = null!;
    private VaultRecord[] _all = [];
    private UInt256 _longPrice, _shortPrice;

    [Params(10_000, 100_000)]
    public int Vaults { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _index = new VaultIndex();
        // Prices as 18-decimal integers: 2,000 × 1e18 does not fit a ulong, so scale in BigInteger.
        var wad = System.Numerics.BigInteger.Pow(10, 18);
        for (int i = 0; i < Vaults; i++)
        {
            var bytes = new byte[20];
            random.NextBytes(bytes);
            bool isLong = i % 2 == 0;
            // Longs liquidate between 1,000 and 1,990; shorts between 2,010 and 3,000 (uniform).
            int price = isLong ? random.Next(1_000, 1_990) : random.Next(2_010, 3_000);
            _index.Upsert(new VaultRecord(new Address(bytes), Address.Zero, 1, isLong, (UInt256)(price * wad), 1, 1));
        }
        _all = _index.Vaults.ToArray();
        _longPrice = (UInt256)(1_980 * wad);
        _shortPrice = (UInt256)(2_020 * wad);
    }

    [Benchmark(Baseline = true)]
    public int Candidates() =>
        _index.Candidates(1, VaultSide.Long, _longPrice).Count + _index.Candidates(1, VaultSide.Short, _shortPrice).Count;

    [Benchmark]
    public int NaiveScan()
    {
        int n = 0;
        foreach (var r in _all)
            if (r.IsCrossedBy(r.IsLong ? _longPrice : _shortPrice)) n++;
        return n;
    }

    [Benchmark]
    public void UpsertExisting()
    {
        var r = _all[Vaults / 3];
        _index.Upsert(r with { Seq = r.Seq + 1 });
    }
}
