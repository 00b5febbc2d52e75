using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.MarginVault;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Integration.Tests.Devnet;
using Xunit.Abstractions;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// Random sequences of operations over several traders and vaults, applied on the real node (a snapshot and a
/// revert around each run). FsCheck generates one seed per step; the step decodes its operation and arguments
/// from it, and a model decides which operations the contracts must accept and which they must reject (with
/// which error). After every step the invariants are checked: tokens conserved, pool covers its reserves, every
/// open vault is liquidatable exactly when it is below maintenance, and open vaults' state changes only through
/// their owner or a valid liquidation.
/// </summary>
public class VaultInvariantProperties(VaultsFixture vaults, ITestOutputHelper output) : VaultsTest(vaults)
{
    private const ulong Seed = 0x5EED_2025_0001;
    private const int Runs = 15;
    private const int Steps = 20;
    private static readonly BigInteger WadOne = BigInteger.Pow(10, 18);
    private static readonly BigInteger Scale = BigInteger.Pow(10, 12);
    private static readonly int[] Traders = [2, 3, 4, 5, 6];
    private const int Keeper = 9;

    private sealed record VaultInfo(Address Address, int Owner);

    private sealed class Run(DevnetFixture devnet, VaultsFixture fx)
    {
        private readonly Dictionary<int, Web3> _web3 = [];
        public Web3 W(int a) => _web3.TryGetValue(a, out var w) ? w : _web3[a] = devnet.CreateWeb3(a);
        public VaultFactoryService Factory(int a = 0) => new(W(a), fx.Deployment.VaultFactory);
        public TestUSDCService Token => new(W(0), fx.Deployment.SettlementToken);
        public VaultLensService Lens => new(W(0), fx.Deployment.VaultLens);
        public PriceOracleService Oracle => new(W(0), fx.Deployment.PriceOracle);
        public readonly List<VaultInfo> Vaults = [];
        public ulong Nonce = 1_000;
        public readonly List<string> Log = [];
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _tally = new();

    [Fact]
    public void Random_operation_sequences_keep_funds_conserved_pools_solvent_and_liquidations_exact()
    {
        output.WriteLine($"FsCheck seed {Seed:X}, {Runs} runs of {Steps} steps");
        var gen = Gen.Choose(0, int.MaxValue - 1).ArrayOf(Steps);
        var config = Config.QuickThrowOnFailure.WithMaxTest(Runs).WithQuietOnSuccess(true)
            .WithReplay(new Replay(new Rnd(Seed, 0x9E37_79B9_7F4A_7C15), null));
        var started = DateTime.UtcNow;
        Check.One(config, Prop.ForAll(Arb.From(gen), (int[] seeds) =>
        {
            var task = Task.Run(() => RunAsync(seeds));
            if (!task.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("one run took more than 60 s");
        }));
        foreach (var (kind, n) in _tally.OrderBy(k => k.Key)) output.WriteLine($"  {kind}: {n}");
        output.WriteLine($"{Runs} runs in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        // Both liquidation branches must be exercised, so their coverage cannot silently vanish with a change of
        // seed, generator or market parameters.
        Assert.True(_tally.GetValueOrDefault("liquidate: preview partial") > 0, "no partial liquidation happened");
        Assert.True(_tally.GetValueOrDefault("liquidate: preview full") > 0, "no full liquidation happened");
    }

    private async Task RunAsync(int[] seeds)
    {
        var snapshot = await Devnet.SnapshotAsync();
        var run = new Run(Devnet, Vaults);
        try
        {
            var supply = await run.Token.TotalSupplyQueryAsync();
            foreach (var seed in seeds)
            {
                await StepAsync(run, new Random(seed));
                var last = run.Log.Count == 0 ? "none" : run.Log[^1];
                var kind = last.Split(' ')[0] + (last.Contains(": ") ? ": " + last[(last.LastIndexOf(": ", StringComparison.Ordinal) + 2)..] : "");
                _tally.AddOrUpdate(kind, 1, (_, n) => n + 1);
                await CheckInvariantsAsync(run, supply);
            }
        }
        catch (Exception e)
        {
            throw new Exception($"run [{string.Join(",", seeds)}] failed after:\n  {string.Join("\n  ", run.Log)}\n{e.Message}", e);
        }
        finally
        {
            if (!await Devnet.RevertAsync(snapshot)) throw new InvalidOperationException("evm_revert failed");
        }
    }

    // --- Model helpers (exact, as the contracts compute) ---

    private static BigInteger CeilDiv(BigInteger a, BigInteger b) => (a + b - 1) / b;
    private static BigInteger NotionalUp(BigInteger s, BigInteger p) => CeilDiv(s * p, WadOne);
    private static BigInteger Required(BigInteger notional) => CeilDiv(notional * 1_010, 10_000); // initial 10% + close fee 0.1%
    private static BigInteger PnlWad(BigInteger s, BigInteger e, BigInteger p, bool isLong)
    {
        bool gain = isLong ? p >= e : e >= p;
        var diff = BigInteger.Abs(p - e);
        return gain ? s * diff / WadOne : -CeilDiv(s * diff, WadOne);
    }

    private static BigInteger Units(decimal whole, int decimals) => global::Vaults.Contracts.Deployment.Units.ToBaseUnits(whole, decimals);

    private async Task<List<string>> StateAsync(Run run, Address vault)
    {
        var p = await run.Factory().PositionQueryAsync(vault);
        return [$"{p.Size} {p.EntryPrice} {p.Seq} {p.Status} {p.Collateral} {p.Reserve} {await run.Token.BalanceOfQueryAsync(vault)}",
            $"{await run.Token.BalanceOfQueryAsync(Vaults.Deployment.LiquidityPool)} {await run.Token.BalanceOfQueryAsync(Vaults.Deployment.InsuranceFund)} {await run.Factory().TotalReservedQueryAsync()}"];
    }

    private static async Task<SmartContractCustomErrorRevertException?> TryAsync(Func<Task> action)
    {
        try { await action(); return null; }
        catch (SmartContractCustomErrorRevertException e) { return e; }
    }

    private async Task<List<VaultInfo>> OpenVaultsAsync(Run run)
    {
        var list = new List<VaultInfo>();
        foreach (var v in run.Vaults)
            if ((await run.Factory().PositionQueryAsync(v.Address)).Status == 1) list.Add(v);
        return list;
    }

    private async Task StepAsync(Run run, Random rng)
    {
        var open = await OpenVaultsAsync(run);
        int op = rng.Next(open.Count == 0 ? 1 : 10);
        var price = await run.Factory().CheckedPriceQueryAsync(Vaults.Deployment.MarketId);
        VaultInfo? v = open.Count == 0 ? null : open[rng.Next(open.Count)];
        switch (op)
        {
            case 0: // open
            {
                int trader = Traders[rng.Next(Traders.Length)];
                bool isLong = rng.Next(2) == 0;
                var collateral = Units(rng.Next(100, 5_001), 6);
                decimal leverage = rng.Next(30, 121) / 10m; // 3x..12x: above ~9.9x must be refused
                var size = collateral * Scale * (BigInteger)(leverage * 1000) / 1000 * WadOne / price / BigInteger.Pow(10, 15) * BigInteger.Pow(10, 15);
                var n = NotionalUp(size, price);
                var fee = CeilDiv(n * 10, 10_000 * Scale);
                bool allowed = collateral * Scale >= Required(n);
                // The pool's balance also holds the insurance fund's claim (penalties), which is not free liquidity.
                var free = await run.Token.BalanceOfQueryAsync(Vaults.Deployment.LiquidityPool) - await run.Factory().TotalReservedQueryAsync()
                    - await run.Factory().InsuranceClaimQueryAsync();
                bool liquidity = collateral * 5 <= free;
                run.Log.Add($"open trader {trader} {(isLong ? "long" : "short")} collateral {collateral} size {size} ({leverage}x) at {price}: {(allowed ? liquidity ? "allowed" : "no liquidity" : "too much leverage")}");
                var nonce = run.Nonce++;
                var predicted = await run.Factory().PredictVaultAddressQueryAsync(run.W(trader).TransactionManager!.Account.Address, nonce);
                var before = await StateAsync(run, predicted);
                var count = await run.Factory().VaultCountQueryAsync();
                var ex = await TryAsync(() => run.Factory(trader).OpenVaultRequestAndWaitForReceiptAsync(Vaults.Deployment.MarketId, isLong, collateral, size, isLong ? Units(1_000_000, 18) : 0, nonce));
                if (allowed && liquidity)
                {
                    Assert.Null(ex);
                    run.Vaults.Add(new VaultInfo(predicted, trader));
                    Assert.Equal(count + 1, await run.Factory().VaultCountQueryAsync());
                    Assert.Equal(collateral, await run.Token.BalanceOfQueryAsync(predicted));
                }
                else
                {
                    Assert.NotNull(ex);
                    Assert.Equal(allowed ? "InsufficientPoolLiquidity" : "InsufficientInitialMargin", ex!.ErrorName);
                    Assert.Equal(before, await StateAsync(run, predicted));
                    Assert.Equal(count, await run.Factory().VaultCountQueryAsync());
                }
                _ = fee;
                break;
            }
            case 1: // add margin: the owner (or anyone) can always add
            {
                int payer = rng.Next(4) == 0 ? Traders[rng.Next(Traders.Length)] : v!.Owner;
                var amount = Units(rng.Next(10, 1_001), 6);
                run.Log.Add($"addMargin {v!.Address} {amount} by {payer}");
                var c = (await run.Factory().PositionQueryAsync(v.Address)).Collateral;
                await run.Factory(payer).AddMarginRequestAndWaitForReceiptAsync(v.Address, amount);
                Assert.Equal(c + amount, (await run.Factory().PositionQueryAsync(v.Address)).Collateral);
                break;
            }
            case 2: // remove margin, model decides
            {
                var p = await run.Factory().PositionQueryAsync(v!.Address);
                var amount = p.Collateral * rng.Next(1, 101) / 100;
                if (amount == 0) amount = 1;
                var newC = p.Collateral - amount;
                var pnl = PnlWad(p.Size, p.EntryPrice, price, p.IsLong);
                var q = newC * Scale + BigInteger.Min(pnl, 0);
                string? expected = newC < Units(10, 6) ? "CollateralBelowMinimum" : q < Required(NotionalUp(p.Size, price)) ? "InsufficientInitialMargin" : null;
                run.Log.Add($"removeMargin {v.Address} {amount} of {p.Collateral}: {expected ?? "allowed"}");
                var before = await StateAsync(run, v.Address);
                var ex = await TryAsync(() => run.Factory(v.Owner).RemoveMarginRequestAndWaitForReceiptAsync(v.Address, amount, run.W(v.Owner).TransactionManager!.Account.Address));
                Assert.Equal(expected, ex?.ErrorName);
                if (ex is not null) Assert.Equal(before, await StateAsync(run, v.Address));
                break;
            }
            case 3: // increase
            case 4: // decrease
            {
                var p = await run.Factory().PositionQueryAsync(v!.Address);
                var before = await StateAsync(run, v.Address);
                SmartContractCustomErrorRevertException? ex;
                if (op == 3)
                {
                    var delta = p.Size * rng.Next(1, 101) / 100 + 1;
                    var margin = Units(rng.Next(0, 1_001), 6);
                    run.Log.Add($"increase {v.Address} +{delta} margin {margin}");
                    ex = await TryAsync(() => run.Factory(v.Owner).IncreasePositionRequestAndWaitForReceiptAsync(v.Address, delta, margin, p.IsLong ? Units(1_000_000, 18) : 0));
                    if (ex is not null) Assert.Contains(ex.ErrorName, new[] { "InsufficientInitialMargin", "InsufficientPoolLiquidity" });
                }
                else
                {
                    var delta = p.Size * rng.Next(1, 100) / 100;
                    run.Log.Add($"decrease {v.Address} -{delta} of {p.Size}");
                    ex = await TryAsync(() => run.Factory(v.Owner).DecreasePositionRequestAndWaitForReceiptAsync(v.Address, delta, p.IsLong ? 0 : Units(1_000_000, 18)));
                    if (ex is not null) Assert.Contains(ex.ErrorName, new[] { "SizeBelowMinimum", "CollateralBelowMinimum", "ZeroSize" });
                }
                if (ex is not null) Assert.Equal(before, await StateAsync(run, v.Address));
                break;
            }
            case 5: // price move within the deviation bound
            case 6:
            {
                var bps = rng.Next(-1_500, 1_501);
                var liquidationPrice = v is null ? 0 : await run.Factory().LiquidationPriceQueryAsync(v.Address);
                var justPast = v is null ? 0 : (await run.Factory().PositionQueryAsync(v.Address)).IsLong
                    ? liquidationPrice * (10_000 - rng.Next(0, 301)) / 10_000
                    : liquidationPrice * (10_000 + rng.Next(0, 301)) / 10_000;
                if (v is not null && rng.Next(3) == 0 && liquidationPrice > 0 && BigInteger.Abs(justPast - price) * 10_000 <= price * 1_900)
                {
                    // Just past a random open vault's liquidation price (0-3%): the band where a partial liquidation
                    // can restore the target ratio. The big moves below mostly produce full liquidations.
                    bps = (int)((justPast - price) * 10_000 / price);
                }
                else if (v is not null && rng.Next(2) == 0)
                {
                    // Against a random open vault, to drive it towards (and past) its liquidation price.
                    var isLong = (await run.Factory().PositionQueryAsync(v.Address)).IsLong;
                    bps = rng.Next(500, 1_901) * (isLong ? -1 : 1);
                }
                var next = price * (10_000 + bps) / 10_000 / BigInteger.Pow(10, 10);
                next = BigInteger.Max(next, Units(500, 8));
                run.Log.Add($"price {price / BigInteger.Pow(10, 10)} -> {next}");
                await run.Oracle.SubmitRequestAndWaitForReceiptAsync(next);
                break;
            }
            case 7: // close: the owner can always close on a valid price
            {
                run.Log.Add($"close {v!.Address}");
                await run.Factory(v.Owner).CloseVaultRequestAndWaitForReceiptAsync(v.Address, (await run.Factory().PositionQueryAsync(v.Address)).IsLong ? 0 : Units(1_000_000, 18));
                Assert.Equal(2, (await run.Factory().PositionQueryAsync(v.Address)).Status);
                Assert.Equal(BigInteger.Zero, await run.Token.BalanceOfQueryAsync(v.Address));
                break;
            }
            case 8: // a keeper tries to liquidate one vault
            {
                var preview = await run.Factory().PreviewLiquidationQueryAsync(v!.Address);
                run.Log.Add($"liquidate {v.Address}: preview {(preview.Liquidatable ? preview.Full ? "full" : "partial" : "healthy")}");
                var before = await StateAsync(run, v.Address);
                if (!preview.Liquidatable)
                {
                    var ex = await TryAsync(() => run.Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(v.Address));
                    Assert.Equal("NotLiquidatable", ex?.ErrorName);
                    Assert.Equal(before, await StateAsync(run, v.Address));
                }
                else
                {
                    var ratioBefore = await run.Lens.MarginRatioQueryAsync(v.Address);
                    var receipt = await run.Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(v.Address);
                    var ev = receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
                    Assert.Equal(preview.Full, ev.Full);
                    Assert.Equal(preview.KeeperFee, ev.KeeperFee);
                    var after = await run.Factory().PositionQueryAsync(v.Address);
                    if (!ev.Full)
                    {
                        Assert.Equal(1, after.Status);
                        Assert.True(await run.Lens.MarginRatioQueryAsync(v.Address) >= ratioBefore, "a partial liquidation lowered the margin ratio");
                        Assert.False((await run.Factory().PreviewLiquidationQueryAsync(v.Address)).Liquidatable);
                    }
                    else Assert.Equal(3, after.Status);
                }
                break;
            }
            case 9: // batch liquidation, or a non-owner tampering with a vault
            {
                if (rng.Next(2) == 0)
                {
                    var previews = new List<bool>();
                    foreach (var o in open) previews.Add((await run.Factory().PreviewLiquidationQueryAsync(o.Address)).Liquidatable);
                    run.Log.Add($"liquidateBatch {open.Count} vaults, {previews.Count(x => x)} liquidatable");
                    var befores = new List<List<string>>();
                    foreach (var o in open) befores.Add(await StateAsync(run, o.Address));
                    var receipt = await run.Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync(open.Select(o => o.Address.ToString()).ToList());
                    var batch = receipt.DecodeAllEvents<BatchLiquidatedEventDTO>().Single().Event;
                    Assert.Equal(previews.Count(x => x), (int)batch.Liquidated);
                    var liquidated = receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Select(e => (Address)e.Event.Vault).ToHashSet();
                    for (int k = 0; k < open.Count; k++)
                    {
                        Assert.Equal(previews[k], liquidated.Contains(open[k].Address));
                        if (!previews[k]) Assert.Equal(befores[k][0], (await StateAsync(run, open[k].Address))[0]);
                    }
                }
                else
                {
                    int intruder = rng.Next(3) == 0 ? Keeper : Traders.Where(t => t != v!.Owner).ElementAt(rng.Next(Traders.Length - 1));
                    int which = rng.Next(8);
                    run.Log.Add($"intruder {intruder} op {which} on {v!.Address}");
                    var before = await StateAsync(run, v.Address);
                    var vault = new MarginVaultService(run.W(intruder), v.Address);
                    var me = run.W(intruder).TransactionManager!.Account.Address;
                    Func<Task> call = which switch
                    {
                        0 => () => run.Factory(intruder).RemoveMarginRequestAndWaitForReceiptAsync(v.Address, 1, me),
                        1 => () => run.Factory(intruder).IncreasePositionRequestAndWaitForReceiptAsync(v.Address, Units(0.01m, 18), 0, Units(1_000_000, 18)),
                        2 => () => run.Factory(intruder).DecreasePositionRequestAndWaitForReceiptAsync(v.Address, 1, 0),
                        3 => () => run.Factory(intruder).CloseVaultRequestAndWaitForReceiptAsync(v.Address, 0),
                        4 => () => vault.RemoveMarginRequestAndWaitForReceiptAsync(1, me),
                        5 => () => vault.IncreasePositionRequestAndWaitForReceiptAsync(Units(0.01m, 18), 0, Units(1_000_000, 18)),
                        6 => () => vault.DecreasePositionRequestAndWaitForReceiptAsync(1, 0),
                        _ => () => vault.CloseRequestAndWaitForReceiptAsync(0),
                    };
                    var ex = await TryAsync(call);
                    Assert.Equal("NotVaultOwner", ex?.ErrorName);
                    Assert.Equal(before, await StateAsync(run, v.Address));
                }
                break;
            }
        }
    }

    private async Task CheckInvariantsAsync(Run run, BigInteger supply)
    {
        var token = run.Token;
        BigInteger sum = 0;
        for (int i = 0; i < 10; i++) sum += await token.BalanceOfQueryAsync(Devnet.Node.Accounts[i].Address);
        var pool = await token.BalanceOfQueryAsync(Vaults.Deployment.LiquidityPool);
        sum += pool + await token.BalanceOfQueryAsync(Vaults.Deployment.InsuranceFund);
        foreach (var v in run.Vaults)
        {
            var balance = await token.BalanceOfQueryAsync(v.Address);
            var p = await run.Factory().PositionQueryAsync(v.Address);
            sum += balance;
            // A vault holds exactly its collateral (closed and liquidated vaults hold nothing).
            Assert.Equal(p.Collateral, balance);
        }
        Assert.Equal(supply, await token.TotalSupplyQueryAsync());
        Assert.True(sum == supply, $"tokens not conserved: {sum} != {supply}");
        // The pool holds its reserves and the insurance fund's claim; its ERC4626 assets never count the claim.
        var claim = await run.Factory().InsuranceClaimQueryAsync();
        Assert.True(pool >= await run.Factory().TotalReservedQueryAsync() + claim, "pool below its reserves and the fund's claim");
        Assert.Equal(pool - claim, await new LiquidityPoolService(run.W(0), Vaults.Deployment.LiquidityPool).TotalAssetsQueryAsync());

        foreach (var v in await OpenVaultsAsync(run))
        {
            var health = await run.Lens.HealthQueryAsync(v.Address);
            var preview = await run.Factory().PreviewLiquidationQueryAsync(v.Address);
            Assert.True(health.Liquidatable == preview.Liquidatable,
                $"vault {v.Address}: below maintenance {health.Liquidatable} but preview liquidatable {preview.Liquidatable}");
        }
    }
}
