using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Keeper.Liquidation;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>The keeper's liquidation executor on the real node: confirmation read, batch send, receipt decoding, races, bad prices.</summary>
public sealed class LiquidationExecutorTests(VaultsFixture vaults) : VaultsTest(vaults)
{
    private const int KeeperA = 8;
    private const int KeeperB = 9;

    /// <summary>
    /// Long 1 @ 2,000 is liquidatable below (2,000 − C) / 0.969 (maintenance 2.5 % + close fee 0.6 %), a short above (2,000 + C) / 1.031.
    /// At 1,780: the longs with C = 250 (≈1,806) and C = 270 (≈1,785) cross; the long with C = 450 (≈1,600) and the shorts do not.
    /// </summary>
    private async Task<(List<Address> Unhealthy, List<Address> Healthy)> OpenBookAsync()
    {
        var unhealthy = new List<Address> { await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 270, 1) };
        var healthy = new List<Address> { await OpenAsync(4, true, 450, 1), await OpenAsync(5, false, 300, 1), await OpenAsync(6, false, 1_000, 1) };
        return (unhealthy, healthy);
    }

    private LiquidationExecutor Executor(int account, ListLogger<LiquidationExecutor>? logger = null, int maxBatchSize = 50) =>
        new(Web3(account), Deployment, new LiquidationExecutorOptions { MaxBatchSize = maxBatchSize, ReceiptPollInterval = TimeSpan.FromMilliseconds(20) },
            logger ?? new ListLogger<LiquidationExecutor>());

    private async Task<ulong> BlockNumberAsync() => (ulong)(await Devnet.Eth.BlockNumberAsync()).Value;

    private async Task<ulong> PendingNonceAsync(int account) =>
        (ulong)(await Devnet.Eth.GetTransactionCountAsync(AccountAddress(account).ToLowerHex(), BlockParameter.CreatePending())).Value;

    private async Task<byte> StatusAsync(Address vault) => (await Factory().PositionQueryAsync(vault)).Status;

    [Fact]
    public async Task Liquidates_exactly_the_unhealthy_candidates_in_one_transaction_in_the_block_after_the_price_update()
    {
        var (unhealthy, healthy) = await OpenBookAsync();
        await SetPriceAsync(1_780);
        ulong priceBlock = await BlockNumberAsync();
        var logger = new ListLogger<LiquidationExecutor>();

        // Healthy ones first and last, and a duplicate: the confirmation read filters them out.
        var round = await Executor(KeeperA, logger).LiquidateAsync([healthy[0], .. unhealthy, healthy[1], healthy[2], unhealthy[0]], CancellationToken.None);

        Assert.Equal(LiquidationOutcome.Mined, round.Outcome);
        Assert.True(round.Succeeded);
        Assert.Null(round.Error);
        Assert.Equal(5, round.Candidates.Count);
        Assert.Equal(unhealthy, round.Confirmed);
        var batch = Assert.Single(round.Batches);
        Assert.Equal(unhealthy, batch.Vaults);
        Assert.Equal(priceBlock + 1, batch.BlockNumber);
        Assert.NotNull(batch.TransactionHash);
        Assert.True(batch.GasUsed > 0);
        Assert.Equal(unhealthy.ToHashSet(), round.Liquidated.Select(l => l.Vault).ToHashSet());
        Assert.Empty(round.Skipped);
        Assert.All(round.Liquidated, l => Assert.Equal(batch.TransactionHash, l.TransactionHash));
        Assert.All(round.Liquidated, l => Assert.True(l.KeeperFee > 0));
        Assert.All(round.Liquidated, l => Assert.Equal(Wad(1_780), l.Price));

        // The chain agrees: the receipt has exactly these VaultLiquidated events, keeper fees to KeeperA, healthy vaults untouched.
        var receipt = (await Devnet.Eth.GetTransactionReceiptAsync(batch.TransactionHash!))!;
        var events = receipt.DecodeAllEvents<VaultLiquidatedEventDTO>();
        Assert.Equal(unhealthy.ToHashSet(), events.Select(e => (Address)e.Event.Vault).ToHashSet());
        Assert.All(events, e => Assert.Equal(AccountAddress(KeeperA), e.Event.Keeper));
        var summary = receipt.DecodeAllEvents<BatchLiquidatedEventDTO>().Single().Event;
        Assert.Equal((2, 0), ((int)summary.Liquidated, (int)summary.Skipped));
        Assert.Equal(round.TotalKeeperFee, summary.TotalKeeperFee);
        foreach (var l in round.Liquidated)
        {
            var e = events.Single(x => x.Event.Vault == l.Vault).Event;
            Assert.Equal((e.Full, e.KeeperFee, e.BadDebt), (l.Full, l.KeeperFee, l.BadDebt));
        }
        foreach (var v in healthy) Assert.Equal(1, await StatusAsync(v));
        Assert.All(await Lens.PreviewManyQueryAsync([.. unhealthy, .. healthy]), p => Assert.False(p.Liquidatable));

        // Structured logs: stable ids in 1100-1199, vault addresses as values.
        Assert.All(logger.Entries, e => Assert.InRange(e.EventId.Id, 1100, 1199));
        Assert.Contains(logger.Entries, e => e.EventId.Id == 1101);
        Assert.Equal(2, logger.Entries.Count(e => e.EventId.Id == 1102));
        var mined = logger.Entries.Single(e => e.EventId.Id == 1103);
        Assert.Equal(batch.TransactionHash, mined.Value("TransactionHash"));
        Assert.Equal(unhealthy.Select(v => v.ToString()), (IEnumerable<string>)logger.Entries.Single(e => e.EventId.Id == 1101).Value("Vaults")!);
    }

    [Fact]
    public async Task Nothing_liquidatable_sends_nothing()
    {
        var (unhealthy, healthy) = await OpenBookAsync();
        ulong nonce = await PendingNonceAsync(KeeperA);

        var round = await Executor(KeeperA).LiquidateAsync([.. unhealthy, .. healthy], CancellationToken.None);
        var empty = await Executor(KeeperA).LiquidateAsync([], CancellationToken.None);

        Assert.Equal(LiquidationOutcome.NothingToDo, round.Outcome);
        Assert.True(round.Succeeded);
        Assert.Empty(round.Confirmed);
        Assert.Empty(round.Batches);
        Assert.Equal(LiquidationOutcome.NothingToDo, empty.Outcome);
        Assert.Equal(nonce, await PendingNonceAsync(KeeperA));
    }

    [Fact]
    public async Task Chunks_of_MaxBatchSize_are_sent_as_separate_transactions()
    {
        var (unhealthy, healthy) = await OpenBookAsync();
        await SetPriceAsync(1_780);

        var round = await Executor(KeeperA, maxBatchSize: 1).LiquidateAsync([.. unhealthy, .. healthy], CancellationToken.None);

        Assert.Equal(LiquidationOutcome.Mined, round.Outcome);
        Assert.Equal(2, round.Batches.Count);
        Assert.Equal(unhealthy, round.Batches.Select(b => Assert.Single(b.Vaults)));
        Assert.Equal(2, round.Batches.Select(b => b.TransactionHash).Distinct().Count());
        Assert.Equal(unhealthy.ToHashSet(), round.Liquidated.Select(l => l.Vault).ToHashSet());
    }

    [Fact]
    public async Task Two_keepers_racing_liquidate_every_unhealthy_vault_exactly_once_and_the_loser_reports_them_skipped()
    {
        var (unhealthy, healthy) = await OpenBookAsync();
        await SetPriceAsync(1_780);
        List<Address> candidates = [.. healthy, .. unhealthy];
        ulong nonceA = await PendingNonceAsync(KeeperA), nonceB = await PendingNonceAsync(KeeperB);
        var a = Executor(KeeperA);
        var b = Executor(KeeperB);

        LiquidationRound roundA, roundB;
        await Devnet.DevTools.SetAutomineAsync(false);
        try
        {
            // Both confirm and simulate against the same state and send; neither transaction is mined yet.
            var taskA = a.LiquidateAsync(candidates, CancellationToken.None);
            var taskB = b.LiquidateAsync(candidates, CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await PendingNonceAsync(KeeperA) == nonceA || await PendingNonceAsync(KeeperB) == nonceB)
            {
                Assert.True(DateTime.UtcNow < deadline, "both keepers should have sent a transaction");
                Assert.False(taskA.IsCompleted && taskB.IsCompleted, "both rounds ended without sending");
                await Task.Delay(20);
            }
            await Devnet.DevTools.MineAsync();
            roundA = await taskA;
            roundB = await taskB;
        }
        finally
        {
            await Devnet.DevTools.SetAutomineAsync(true);
        }

        // The loser's batch, mined after the winner's in the same block, liquidated nothing and reverted with NothingLiquidated:
        // its keeper reports the race lost and every vault done.
        Assert.Contains(LiquidationOutcome.Mined, new[] { roundA.Outcome, roundB.Outcome });
        Assert.Contains(LiquidationOutcome.LostRace, new[] { roundA.Outcome, roundB.Outcome });
        Assert.True(roundA.Succeeded && roundB.Succeeded);
        Assert.Equal(unhealthy, roundA.Confirmed);
        Assert.Equal(unhealthy, roundB.Confirmed);
        Assert.Equal(roundA.Batches.Single().BlockNumber, roundB.Batches.Single().BlockNumber);

        // Every unhealthy vault liquidated exactly once; the other keeper skipped it (done).
        var liquidatedA = roundA.Liquidated.Select(l => l.Vault).ToList();
        var liquidatedB = roundB.Liquidated.Select(l => l.Vault).ToList();
        Assert.Empty(liquidatedA.Intersect(liquidatedB));
        Assert.Equal(unhealthy.ToHashSet(), liquidatedA.Concat(liquidatedB).ToHashSet());
        Assert.Equal(liquidatedA.ToHashSet(), roundB.Skipped.ToHashSet());
        Assert.Equal(liquidatedB.ToHashSet(), roundA.Skipped.ToHashSet());
        var (winner, loser) = liquidatedA.Count > 0 ? (roundA, roundB) : (roundB, roundA);
        Assert.Equal(unhealthy.ToHashSet(), winner.Liquidated.Select(l => l.Vault).ToHashSet());
        Assert.Empty(loser.Liquidated);
        Assert.Equal(unhealthy.ToHashSet(), loser.Skipped.ToHashSet());

        // On chain: one VaultLiquidated per unhealthy vault in that block; the healthy ones are still open.
        ulong block = roundA.Batches.Single().BlockNumber!.Value;
        var logs = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [Deployment.VaultFactory.ToLowerHex()],
            FromBlock = new BlockParameter(block),
            ToBlock = new BlockParameter(block),
            Topics = new object[] { new[] { EventLogs.Topic0<VaultLiquidatedEventDTO>() } },
        });
        Assert.Equal(unhealthy.Order(), logs.DecodeAllEvents<VaultLiquidatedEventDTO>().Select(e => (Address)e.Event.Vault).Order());
        foreach (var v in healthy) Assert.Equal(1, await StatusAsync(v));
    }

    [Fact]
    public async Task A_stale_price_makes_the_executor_send_nothing_and_report_why()
    {
        var (unhealthy, healthy) = await OpenBookAsync();
        await SetPriceAsync(1_780);
        await Devnet.DevTools.IncreaseTimeAsync(3_601); // past the one-hour heartbeat
        await Devnet.DevTools.MineAsync();
        ulong nonce = await PendingNonceAsync(KeeperA);
        ulong block = await BlockNumberAsync();
        var logger = new ListLogger<LiquidationExecutor>();

        var round = await Executor(KeeperA, logger).LiquidateAsync([.. unhealthy, .. healthy], CancellationToken.None);

        Assert.Equal(LiquidationOutcome.PriceRejected, round.Outcome);
        Assert.False(round.Succeeded);
        Assert.Contains("StalePrice", round.Error);
        Assert.Empty(round.Batches);
        Assert.Empty(round.Liquidated);
        Assert.Equal(nonce, await PendingNonceAsync(KeeperA));
        Assert.Equal(block, await BlockNumberAsync());
        foreach (var v in unhealthy) Assert.Equal(1, await StatusAsync(v));
        var warning = logger.Entries.Single(e => e.EventId.Id == 1110);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("StalePrice", (string)warning.Value("Error")!);

        // A fresh price: the same candidates go through at once (no grace after an oracle recovery: adding margin never
        // needed a price, so nobody was kept from topping up while the feed was stale).
        await SetPriceAsync(1_780);
        var retry = await Executor(KeeperA).LiquidateAsync([.. unhealthy, .. healthy], CancellationToken.None);
        Assert.Equal(LiquidationOutcome.Mined, retry.Outcome);
        Assert.Equal(unhealthy.ToHashSet(), retry.Liquidated.Select(l => l.Vault).ToHashSet());
    }

    [Fact]
    public async Task An_unreachable_node_is_reported_as_an_RPC_error_without_the_key_and_cancellation_throws()
    {
        var (unhealthy, _) = await OpenBookAsync();
        await SetPriceAsync(1_780);
        var key = Devnet.Node.Accounts[KeeperA].PrivateKey;
        var logger = new ListLogger<LiquidationExecutor>();
        var offline = new Nethereum.Web3.Web3(new Nethereum.Web3.Accounts.Account(key, Devnet.Node.ChainId), "http://127.0.0.1:1");

        var round = await new LiquidationExecutor(offline, Deployment, new LiquidationExecutorOptions(), logger).LiquidateAsync(unhealthy, CancellationToken.None);

        Assert.Equal(LiquidationOutcome.RpcError, round.Outcome);
        Assert.False(round.Succeeded);
        Assert.NotNull(round.Error);
        Assert.Empty(round.Batches);
        var error = logger.Entries.Single(e => e.EventId.Id == 1120);
        Assert.Equal(unhealthy.Select(v => v.ToString()), (IEnumerable<string>)error.Value("Vaults")!);
        string keyHex = key.StartsWith("0x", StringComparison.Ordinal) ? key[2..] : key;
        Assert.DoesNotContain(keyHex, round.Error, StringComparison.OrdinalIgnoreCase);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(keyHex, e.Message, StringComparison.OrdinalIgnoreCase));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor(KeeperA).LiquidateAsync(unhealthy, cancelled.Token));
    }

    /// <summary>Captures log entries with their structured values.</summary>
    private sealed class ListLogger<T> : ILogger<T>
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception),
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }

    private sealed record Entry(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values)
    {
        public object? Value(string name) => Values.Single(v => v.Key == name).Value;
    }
}
