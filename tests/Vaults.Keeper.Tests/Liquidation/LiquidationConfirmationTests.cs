using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Contracts.Deployment;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Vaults.Keeper.Liquidation;
using static Vaults.Keeper.Tests.TestVaults;

namespace Vaults.Keeper.Tests.Liquidation;

/// <summary>
/// The confirmation read at scale, against a node whose eth_call fails above 150 vaults (its gas cap): the candidates are read in bounded
/// chunks sent as JSON-RPC batches, a failing chunk leaves out only its own vaults, and liquidateBatch stays within MaxBatchSize.
/// (The on-chain path is covered by the integration tests.)
/// </summary>
public sealed class LiquidationConfirmationTests
{
    private const int Candidates = 5_000;

    private static readonly VaultsDeployment Deployment = new()
    {
        ChainId = 31337, DeploymentBlock = 1, SettlementToken = Addr(-1), LiquidityPool = Addr(-3),
        InsuranceFund = Addr(-4), MarketConfig = Addr(-5), VaultFactory = Addr(-6), VaultLens = Addr(-7), Markets = [new DeployedMarket(0, "ETH-USD", Addr(-2), 1)],
    };

    private static LiquidationExecutor Executor(FakeVaultsNode node, int maxBatchSize = 50) =>
        new(new Web3(new Account(Convert.FromHexString("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"), 31337), node),
            Deployment, new LiquidationExecutorOptions { MaxBatchSize = maxBatchSize, ReceiptPollInterval = TimeSpan.FromMilliseconds(1) },
            NullLogger<LiquidationExecutor>.Instance);

    [Fact]
    public async Task Thousands_of_candidates_are_confirmed_in_bounded_chunks_and_liquidated_in_bounded_batches()
    {
        var candidates = Enumerable.Range(1, Candidates).Select(Addr).ToList();
        var liquidatable = candidates.Where((_, i) => i % 3 == 0).ToHashSet();
        var node = new FakeVaultsNode(liquidatable, callGasCapVaults: 150);

        var round = await Executor(node).LiquidateAsync(candidates, CancellationToken.None);

        Assert.Equal(LiquidationOutcome.Mined, round.Outcome);
        Assert.Equal(liquidatable.Order(), round.Confirmed.Order());
        Assert.All(node.PreviewSizes, n => Assert.InRange(n, 1, 100));
        Assert.Equal(Candidates, node.PreviewSizes.Sum());
        Assert.All(node.BatchSizes, n => Assert.InRange(n, 1, 10));
        Assert.Equal(Candidates / 100 / 10, node.BatchSizes.Count);

        // Every confirmed vault sent once, in liquidateBatch transactions of at most 50 (the fake contract skipped them all).
        Assert.All(node.LiquidateBatches, b => Assert.InRange(b.Count, 1, 50));
        Assert.Equal(liquidatable.Order(), node.LiquidateBatches.SelectMany(b => b).Order());
        Assert.Equal(liquidatable.Order(), round.Skipped.Order());
        Assert.All(round.Batches, b => Assert.Equal(LiquidationOutcome.Mined, b.Outcome));
    }

    [Fact]
    public async Task A_chunk_the_node_cannot_read_fails_alone_and_is_the_rounds_error()
    {
        var candidates = Enumerable.Range(1, 1_000).Select(Addr).ToList();
        var liquidatable = candidates.ToHashSet();
        var failing = candidates[250]; // in the third chunk of 100
        var node = new FakeVaultsNode(liquidatable, callGasCapVaults: 150, failing);

        var round = await Executor(node).LiquidateAsync(candidates, CancellationToken.None);

        Assert.Equal(LiquidationOutcome.RpcError, round.Outcome);
        Assert.Contains("internal error", round.Error);
        var expected = candidates.Where((_, i) => i is < 200 or >= 300).ToList();
        Assert.Equal(expected, round.Confirmed);
        Assert.Equal(expected.Order(), node.LiquidateBatches.SelectMany(b => b).Order());
    }

    [Fact]
    public async Task Nothing_liquidatable_sends_nothing()
    {
        var node = new FakeVaultsNode(new HashSet<Address>(), callGasCapVaults: 150);
        var round = await Executor(node).LiquidateAsync([.. Enumerable.Range(1, 300).Select(Addr)], CancellationToken.None);
        Assert.Equal(LiquidationOutcome.NothingToDo, round.Outcome);
        Assert.Empty(node.LiquidateBatches);
        Assert.Equal([100, 100, 100], node.PreviewSizes);
    }
}
