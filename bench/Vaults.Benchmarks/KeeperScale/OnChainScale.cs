using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultLens;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;
using Vaults.Keeper.Scanning;
using Vaults.Keeper.Storage;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>One keeper's handling of one price update, as counted by the <see cref="Ethereum.JsonRpc.CountingClient"/>.</summary>
/// <param name="Requests">JSON-RPC requests, each batch item counted.</param>
/// <param name="ByMethod">The same, per method.</param>
/// <param name="WallMillis">From the new price to the last receipt.</param>
/// <param name="Liquidated">Vaults liquidated.</param>
internal sealed record KeeperUpdate(int Requests, IReadOnlyDictionary<string, int> ByMethod, double WallMillis, int Liquidated);

/// <summary>The daemon's round over every market at one book size.</summary>
/// <param name="Markets">Markets (each with its own feed).</param>
/// <param name="OpenVaults">Open vaults over all markets.</param>
/// <param name="Crossed">Vaults the update (of one market) makes liquidatable.</param>
/// <param name="Updates">One per round.</param>
internal sealed record ManyMarketsResult(int Markets, int OpenVaults, int Crossed, IReadOnlyList<KeeperUpdate> Updates)
{
    public int Requests => Updates.Max(u => u.Requests);

    public double WallMillis => OnChainResult.Median(Updates.Select(u => u.WallMillis));
}

/// <summary>Both keepers at one book size.</summary>
/// <param name="HealthyVaults">Open vaults the update leaves healthy.</param>
/// <param name="Crossed">Vaults the update makes liquidatable.</param>
/// <param name="Index">The index keeper's updates, one per round.</param>
/// <param name="Naive">The naive keeper's updates, one per round.</param>
internal sealed record OnChainResult(int HealthyVaults, int Crossed, IReadOnlyList<KeeperUpdate> Index, IReadOnlyList<KeeperUpdate> Naive)
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The most requests any round of the index keeper made.</summary>
    public int IndexRequests => Index.Max(u => u.Requests);

    /// <summary>The most requests any round of the naive keeper made.</summary>
    public int NaiveRequests => Naive.Max(u => u.Requests);

    public double IndexWallMillis => Median(Index.Select(u => u.WallMillis));

    public double NaiveWallMillis => Median(Naive.Select(u => u.WallMillis));
}

/// <summary>
/// Part 2 of <c>keeper-scale</c>: on a real Hardhat node, healthy vaults (size 1 at 2,000 with 1,000 tUSDC, longs and shorts
/// alternating: liquidation prices near 1,030 and 2,910) grow through the given sizes. Each round opens <see cref="Crossed"/>
/// risky longs (250 tUSDC: liquidatable below about 1,806), brings the index up to date with the <see cref="FactoryEventScanner"/>,
/// moves the price to 1,780 and lets one keeper handle the update while the <see cref="Ethereum.JsonRpc.CountingClient"/> counts its
/// requests; then the price goes back to 2,000 for the next round. Keepers alternate, so both see the same book.
/// The oracle update itself (the keeper learns it from a log subscription) and the index catch-up scan are not counted.
/// </summary>
internal static class OnChainScale
{
    private const int Crossed = 5;
    private const decimal Price = 2_000m, CrashPrice = 1_780m;

    public static async Task<(IReadOnlyList<OnChainResult> Results, long PreviewManyChunkGas, IReadOnlyList<ManyMarketsResult> ManyMarkets)> RunAsync(
        IReadOnlyList<int> sizes, int rounds, CancellationToken ct = default)
    {
        await using var devnet = await ScaleDevnet.StartAsync();
        var deployment = devnet.Deployment;
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "keeper-scale-index.db");
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        await using var store = await VaultIndexStore.OpenAsync(path, ct);
        var index = new VaultIndex();
        var scanner = new FactoryEventScanner(devnet.Reader, deployment.VaultFactory, deployment.MarketConfig, index, store,
            new FactoryScannerOptions { StartBlock = (ulong)deployment.DeploymentBlock });
        var executor = new LiquidationExecutor(devnet.Keeper, deployment,
            new LiquidationExecutorOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) }, NullLogger<LiquidationExecutor>.Instance);
        var lens = new VaultLensService(devnet.Keeper, deployment.VaultLens);
        IPriceUpdateKeeper[] keepers = [new IndexKeeper(index, (uint)deployment.MarketId, executor), new NaiveKeeper(index, lens, executor)];
        var crash = (UInt256)Units.ToBaseUnits(CrashPrice, 18);

        async Task<KeeperUpdate> RoundAsync(IPriceUpdateKeeper keeper)
        {
            await devnet.OpenAsync([.. Enumerable.Repeat(new VaultToOpen(IsLong: true, Collateral: 250), Crossed)]);
            await scanner.ScanAsync(ct: ct);
            await devnet.SetPriceAsync(CrashPrice);
            var update = await MeasureAsync(devnet, keeper, crash, ct);
            await devnet.SetPriceAsync(Price);
            return update;
        }

        var results = new List<OnChainResult>();
        int healthy = 0;
        foreach (int size in sizes)
        {
            await devnet.OpenAsync([.. Enumerable.Range(healthy, size - healthy).Select(i => new VaultToOpen(IsLong: i % 2 == 0, Collateral: 1_000))]);
            healthy = size;
            // A running keeper has its chain id and nonce cached and its code jitted: one unmeasured round first.
            if (results.Count == 0)
                foreach (var keeper in keepers) await RoundAsync(keeper);
            var updates = keepers.ToDictionary(k => k, _ => new List<KeeperUpdate>());
            for (int round = 0; round < rounds; round++)
                foreach (var keeper in keepers) updates[keeper].Add(await RoundAsync(keeper));
            // Partially liquidated vaults of earlier rounds stay open and healthy: count what the book really holds.
            await scanner.ScanAsync(ct: ct);
            results.Add(new OnChainResult(index.Count, Crossed, updates[keepers[0]], updates[keepers[1]]));
            Console.WriteLine($"  on chain: {index.Count:N0} open vaults measured");
        }
        var chunk = index.Vaults.Take(NaiveKeeper.ChunkSize).Select(r => r.Vault.ToString()).ToList();
        long chunkGas = (long)(await lens.ContractHandler.EstimateGasAsync(new PreviewManyFunction { Vaults = chunk }).WaitAsync(ct)).Value;
        var multi = await ManyMarketsAsync(devnet, scanner, index, executor, quick: sizes.Count < 3, rounds, ct);
        return (results, chunkGas, multi);
    }

    /// <summary>Markets in the many-markets case (the deployment's, plus the ones added).</summary>
    public const int ManyMarkets = 10;

    /// <summary>
    /// The many-markets case on the same node: nine more markets, each with its own PriceOracle, and healthy vaults in each; a price update
    /// of one of them (market 5) crossing <see cref="Crossed"/> of its vaults, handled by the daemon's round over every market (all feeds in
    /// one batch, candidates per market). Measured at two book sizes: the calls must not change with the healthy vaults.
    /// </summary>
    private static async Task<IReadOnlyList<ManyMarketsResult>> ManyMarketsAsync(ScaleDevnet devnet, FactoryEventScanner scanner, VaultIndex index,
        LiquidationExecutor executor, bool quick, int rounds, CancellationToken ct)
    {
        for (int m = 1; m < ManyMarkets; m++) await devnet.AddMarketAsync($"M{m}-USD");
        var moved = devnet.Deployment.Markets[5];
        var keeper = new MultiMarketIndexKeeper(index, () => devnet.Deployment.Markets, devnet.Keeper, executor);
        var results = new List<ManyMarketsResult>();
        int perMarket = 0;
        foreach (int size in quick ? (int[])[50, 150] : [100, 300])
        {
            var added = devnet.Deployment.Markets.Skip(1)
                .SelectMany(m => Enumerable.Range(perMarket, size - perMarket).Select(i => new VaultToOpen(IsLong: i % 2 == 0, Collateral: 1_000, m.Id))).ToList();
            await devnet.OpenAsync(added);
            perMarket = size;
            var updates = new List<KeeperUpdate>();
            for (int round = 0; round < rounds + (results.Count == 0 ? 1 : 0); round++)
            {
                await devnet.OpenAsync([.. Enumerable.Repeat(new VaultToOpen(IsLong: true, Collateral: 250, moved.Id), Crossed)]);
                await scanner.ScanAsync(ct: ct);
                await devnet.SetPriceAsync(moved.Feed, CrashPrice);
                var update = await MeasureAsync(devnet, keeper, default, ct);
                await devnet.SetPriceAsync(moved.Feed, Price);
                if (results.Count > 0 || round > 0) updates.Add(update); // the first round of the first size warms up
            }
            await scanner.ScanAsync(ct: ct);
            results.Add(new ManyMarketsResult(ManyMarkets, index.Count, Crossed, updates));
            Console.WriteLine($"  on chain, {ManyMarkets} markets: {index.Count:N0} open vaults measured");
        }
        return results;
    }

    private static async Task<KeeperUpdate> MeasureAsync(ScaleDevnet devnet, IPriceUpdateKeeper keeper, UInt256 price, CancellationToken ct)
    {
        devnet.Counting.Reset();
        long start = Stopwatch.GetTimestamp();
        var round = await keeper.HandleAsync(price, ct);
        double millis = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var update = new KeeperUpdate(devnet.Counting.Requests, devnet.Counting.ByMethod, millis, round.Liquidated.Count);
        if (!round.Succeeded || round.Liquidated.Count != Crossed)
            throw new InvalidOperationException($"The {keeper.Name} keeper liquidated {round.Liquidated.Count} of {Crossed} vaults ({round.Outcome}: {round.Error}).");
        return update;
    }
}
