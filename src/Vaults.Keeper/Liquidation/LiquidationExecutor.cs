using System.Numerics;
using Microsoft.Extensions.Logging;
using Vaults.Contracts;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;

namespace Vaults.Keeper.Liquidation;

/// <summary>
/// Liquidates confirmed candidates through the factory's batch entry point:
/// (1) the confirmation read (<see cref="LiquidationConfirmer"/>: <c>VaultLens.previewMany</c> in bounded chunks, JSON-RPC batched) keeps
/// the candidates liquidatable now; a chunk that cannot be read leaves only its own vaults out;
/// (2) <c>liquidateBatch</c> is sent for them in chunks sized by gas (<see cref="LiquidationExecutorOptions.BatchSize"/>), each
/// simulated first with one <c>eth_call</c> and sent with the gas limit <see cref="LiquidationExecutorOptions.GasLimitFor"/> (a revert sends nothing; a rejected oracle price stops the round;
/// <c>NothingLiquidated</c> means another keeper was first, <see cref="LiquidationOutcome.LostRace"/>);
/// (3) the receipts' <c>VaultLiquidated</c> and <c>BatchLiquidated</c> events become the <see cref="LiquidationRound"/>.
/// A vault liquidated by someone else in between is skipped by the contract and reported in <see cref="LiquidationRound.Skipped"/>.
/// Reverts and RPC errors are logged and reported, never thrown; only cancellation throws.
/// </summary>
/// <remarks>One executor per keeper account; rounds of one executor should not overlap (the nonce service serialises sends, but rounds would race on the same vaults).</remarks>
public sealed class LiquidationExecutor
{
    /// <summary>Custom errors meaning the oracle price is unusable (OracleLib, PriceOracle): retrying before the next price update is pointless.</summary>
    public static IReadOnlySet<string> OracleErrors { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "InvalidPrice", "IncompleteRound", "StalePrice", "PriceDeviationTooLarge", "SequencerDown",
        "SequencerGracePeriodNotOver", "UnsupportedFeedDecimals", "NoDataPresent", "AnswerOutOfRange",
    };

    private readonly IWeb3 _web3;
    private readonly VaultsDeployment _deployment;
    private readonly LiquidationExecutorOptions _options;
    private readonly ILogger<LiquidationExecutor> _logger;
    private readonly VaultFactoryService _factory;
    private readonly LiquidationConfirmer _confirmer;
    private readonly ILiquidationJournal? _journal;
    private readonly StuckTransactionReplacer? _replacer;

    /// <summary>Creates an executor for the keeper account of <paramref name="web3"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="web3"/> has no transaction manager, or the options are invalid.</exception>
    /// <param name="journal">Told of every sent transaction and of its receipt, so a restarted keeper knows what may still be in flight.</param>
    public LiquidationExecutor(IWeb3 web3, VaultsDeployment deployment, LiquidationExecutorOptions options, ILogger<LiquidationExecutor> logger,
        ILiquidationJournal? journal = null)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (web3.TransactionManager is null) throw new ArgumentException("The keeper's Web3 needs an account (transaction manager).", nameof(web3));
        if (options.MaxBatchSize < 1) throw new ArgumentException($"MaxBatchSize must be at least 1 (got {options.MaxBatchSize}).", nameof(options));
        if (options.MaxBatchGas < 1 || options.GasPerVault < 1)
            throw new ArgumentException("MaxBatchGas and GasPerVault must be at least 1.", nameof(options));
        if (options.ConfirmationChunkSize < 1 || options.ConfirmationCallsPerBatch < 1)
            throw new ArgumentException("ConfirmationChunkSize and ConfirmationCallsPerBatch must be at least 1.", nameof(options));
        if (options.ReceiptPollInterval <= TimeSpan.Zero || options.ReceiptTimeout <= TimeSpan.Zero || options.StuckAfter <= TimeSpan.Zero)
            throw new ArgumentException("ReceiptPollInterval and ReceiptTimeout must be positive.", nameof(options));
        _web3 = web3;
        _deployment = deployment;
        _options = options;
        _logger = logger;
        _factory = new VaultFactoryService(web3, deployment.VaultFactory);
        _confirmer = new LiquidationConfirmer(web3, deployment.VaultLens, options.ConfirmationChunkSize, options.ConfirmationCallsPerBatch);
        _journal = journal;
        _replacer = options.StuckAfter is null ? null : new StuckTransactionReplacer(web3, options, journal, logger);
    }

    /// <summary>A token amount for the log: in tokens with the symbol when the decimals are known, else in base units, said.</summary>
    private string Tokens(BigInteger units) => PeopleUnits.Tokens(units, _options.TokenDecimals, _options.TokenSymbol);

    /// <summary>The keeper account (fee receiver).</summary>
    public Address Keeper => _web3.TransactionManager!.Account.Address;

    /// <summary>Confirms <paramref name="candidates"/> with the chunked confirmation read and liquidates the liquidatable ones.</summary>
    /// <param name="candidates">Vaults to try (duplicates ignored), e.g. from <c>VaultIndex.Candidates</c>.</param>
    /// <param name="ct">Cancels waiting; a transaction already sent may still be mined.</param>
    /// <returns>What was confirmed, sent, liquidated and skipped, and why anything failed.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public Task<LiquidationRound> LiquidateAsync(IReadOnlyList<Address> candidates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return LiquidateGroupsAsync([candidates], ct);
    }

    /// <summary>
    /// As <see cref="LiquidateAsync"/>, for candidates in groups (one per market): each group is confirmed in chunks of its own, so a
    /// market whose price cannot be read fails only its own confirmation (reported in <see cref="LiquidationRound.PriceRejections"/>);
    /// the confirmed vaults of every group then go out together, in batches that may mix markets.
    /// </summary>
    /// <param name="atPending">Confirm and simulate against the pending block (its timestamp is now) instead of the latest: for the round
    /// scheduled at the end of a suspension, when the node may have mined no block since (the latest block's timestamp is still before it).</param>
    public async Task<LiquidationRound> LiquidateGroupsAsync(IReadOnlyList<IReadOnlyList<Address>> groups, CancellationToken ct, bool atPending = false)
    {
        var block = atPending ? BlockParameter.CreatePending() : BlockParameter.CreateLatest();
        ArgumentNullException.ThrowIfNull(groups);
        var seen = new HashSet<Address>();
        List<IReadOnlyList<Address>> distinctGroups = [.. groups.Select(g => (IReadOnlyList<Address>)[.. g.Where(seen.Add)]).Where(g => g.Count > 0)];
        var distinct = distinctGroups.SelectMany(g => g).ToList();
        var rejections = new List<PriceRejection>();
        if (distinct.Count == 0) return Round(distinct, [], [], [], [], LiquidationOutcome.NothingToDo, null);

        // (1) The confirmation read at the latest block; a chunk that fails leaves out only its vaults (and is the round's error).
        var confirmation = await _confirmer.ConfirmAsync(distinctGroups, ct, block).ConfigureAwait(false);
        var failures = new List<(LiquidationOutcome Outcome, string Error)>();
        foreach (var (vaults, ex) in confirmation.Failures)
        {
            var (outcome, error) = Classify(ex);
            LogFailure(outcome, "confirmation", ex, error, [.. vaults]);
            failures.Add((outcome, error));
            if (outcome == LiquidationOutcome.PriceRejected)
                rejections.Add(new PriceRejection(vaults, error, CustomErrors.Decode((SmartContractCustomErrorRevertException)ex, GeneratedContractErrors.All)));
        }
        List<Address> confirmed = [.. confirmation.Liquidatable];
        LiquidationLog.Confirmed(_logger, confirmed.Count, distinct.Count, Hex(confirmed));
        if (confirmed.Count == 0) return Finish(LiquidationOutcome.NothingToDo, [], [], []);

        // (2) Send every chunk (simulated first), then (3) wait for the receipts.
        var batches = new List<LiquidationBatch>();
        var sent = new List<(List<Address> Vaults, string Hash)>();
        var liquidated = new List<LiquidatedVault>();
        var skipped = new List<Address>();
        // Simulated with one eth_call each (a revert is decoded: NothingLiquidated, a price error), every chunk at once, then the
        // chunks that passed are sent back to back, so a crash's batches go out together and share a block. Each is sent with a
        // gas limit budgeted per vault: estimateGas would search for the limit executing the batch many times (and nodes that cap
        // a transaction's gas, as EIP-7825 does at 2^24, refuse the search's upper probes for a batch of hundreds). With Gas set,
        // Nethereum's transaction manager sends without estimating.
        var chunks = confirmed.Chunk(_options.BatchSize).Select(c => c.ToList()).ToList();
        var messages = chunks.Select(vaults => new LiquidateBatchFunction
        {
            Vaults = [.. vaults.Select(v => v.ToString())],
            Gas = _options.GasLimitFor(vaults.Count),
            FromAddress = Keeper.ToString(),
        }).ToList();
        var simulations = messages.Select(m => SimulateAsync(m, block, ct)).ToList();
        await Task.WhenAll(simulations).ConfigureAwait(false);
        for (int k = 0; k < chunks.Count; k++)
        {
            var vaults = chunks[k];
            var failure = simulations[k].Result;
            try
            {
                if (failure is not null) throw failure;
                var hash = await SendAsync(messages[k], vaults, ct).ConfigureAwait(false);
                LiquidationLog.BatchSent(_logger, hash, vaults.Count, Hex(vaults));
                sent.Add((vaults, hash));
                if (_journal is not null) await _journal.RecordSentAsync(hash, vaults, CancellationToken.None).ConfigureAwait(false);
            }
            catch (SmartContractCustomErrorRevertException ex) when (CustomErrors.Decode(ex, GeneratedContractErrors.All)?.Name == "NothingLiquidated")
            {
                // Another keeper's liquidations were mined between the confirmation read and the simulation: nothing sent.
                LiquidationLog.LostRace(_logger, "simulation", Hex(vaults));
                batches.Add(new LiquidationBatch(vaults, LiquidationOutcome.LostRace, null, null, null, null));
                skipped.AddRange(vaults);
            }
            catch (Exception ex) when (!IsCancellation(ex, ct))
            {
                var (outcome, error) = Classify(ex);
                LogFailure(outcome, failure is null ? "send" : "simulation", ex, error, vaults);
                batches.Add(new LiquidationBatch(vaults, outcome, null, null, null, error));
                // A bad price fails every chunk alike: stop. Other reverts are chunk-specific: try the next chunk.
                if (outcome == LiquidationOutcome.PriceRejected) break;
            }
        }

        foreach (var (vaults, hash) in sent)
            batches.Add(await AwaitBatchAsync(vaults, hash, liquidated, skipped, ct).ConfigureAwait(false));

        failures.AddRange(batches.Where(b => b.Outcome is not (LiquidationOutcome.Mined or LiquidationOutcome.LostRace)).Select(b => (b.Outcome, b.Error ?? "")));
        return Finish(batches.All(b => b.Outcome == LiquidationOutcome.LostRace) ? LiquidationOutcome.LostRace : LiquidationOutcome.Mined,
            batches, liquidated, skipped);

        // The round's outcome is its first failure (confirmation chunk or batch), or the given success when nothing failed.
        LiquidationRound Finish(LiquidationOutcome success, List<LiquidationBatch> batches, List<LiquidatedVault> liquidated, List<Address> skipped) =>
            failures.Count == 0
                ? Round(distinct, confirmed, batches, liquidated, skipped, success, null, rejections)
                : Round(distinct, confirmed, batches, liquidated, skipped, failures[0].Outcome, failures[0].Error, rejections);
    }

    private async Task<LiquidationBatch> AwaitBatchAsync(List<Address> vaults, string hash, List<LiquidatedVault> liquidated, List<Address> skipped, CancellationToken ct)
    {
        TransactionReceipt receipt;
        try
        {
            receipt = _replacer is null
                ? await ReceiptPolling.WaitAsync(_web3.Eth, hash, _options.ReceiptPollInterval, _options.ReceiptTimeout, ct).ConfigureAwait(false)
                : await _replacer.WaitAsync(hash, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            // Not settled: the journal keeps the vaults in flight until the transaction is mined, dropped or replaced.
            LiquidationLog.RpcFailed(_logger, $"receipt of {hash}", ex.GetType().Name, ex.Message, Hex(vaults));
            if (ex is TransactionReceiptTimeoutException)
            {
                // Still in the mempool, the next nonce is after it; dropped, its nonce must be reused: the node's pending count knows which.
                await _web3.TransactionManager!.ResetNonceAsync().ConfigureAwait(false);
                LiquidationLog.GaveUpWaiting(_logger, hash, Hex(vaults));
            }
            return new LiquidationBatch(vaults, LiquidationOutcome.RpcError, hash, null, null, ex.Message);
        }

        long receiptAt = System.Diagnostics.Stopwatch.GetTimestamp();
        hash = receipt.TransactionHash; // a replacement may have been mined instead (the replacer settles the other versions)
        if (_journal is not null) await _journal.RecordSettledAsync(hash, CancellationToken.None).ConfigureAwait(false);
        ulong block = (ulong)receipt.BlockNumber.Value;
        BigInteger gas = receipt.GasUsed.Value;
        if (!receipt.Succeeded())
        {
            // Mined in the same block as another keeper's batch for the same vaults, it reverted with NothingLiquidated: if none of
            // its vaults is liquidatable any more, that is what happened, and they are done.
            var now = await _confirmer.ConfirmAsync(vaults, ct).ConfigureAwait(false);
            if (now.Failures.Count == 0 && now.Liquidatable.Count == 0)
            {
                LiquidationLog.LostRace(_logger, $"transaction {hash} in block {block}", Hex(vaults));
                skipped.AddRange(vaults);
                return new LiquidationBatch(vaults, LiquidationOutcome.LostRace, hash, block, gas, null);
            }
            const string error = "the transaction reverted on chain";
            LiquidationLog.BatchReverted(_logger, hash, block, error, Hex(vaults));
            return new LiquidationBatch(vaults, LiquidationOutcome.Reverted, hash, block, gas, error);
        }

        var events = LiquidationReceipts.VaultLiquidations(receipt, _deployment.VaultFactory);
        var done = new HashSet<Address>();
        foreach (var e in events)
        {
            done.Add(e.Event.Vault);
            liquidated.Add(new LiquidatedVault(e.Event.Vault, e.Event.Full, e.Event.KeeperFee, e.Event.BadDebt, e.Event.Price, hash) { ReceiptAt = receiptAt });
            LiquidationLog.VaultLiquidated(_logger, ((Address)e.Event.Vault).ToString(), hash, e.Event.Full ? "full" : "partial",
                PeopleUnits.Price(e.Event.Price), Tokens(e.Event.KeeperFee), Tokens(e.Event.BadDebt));
        }
        var notDone = vaults.Where(v => !done.Contains(v)).ToList();
        skipped.AddRange(notDone);
        LiquidationLog.BatchMined(_logger, hash, block, done.Count, notDone.Count, gas.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Hex(notDone));
        return new LiquidationBatch(vaults, LiquidationOutcome.Mined, hash, block, gas, null);
    }

    /// <summary>
    /// Sends one batch. With the project's transaction manager and a journal, the signed transaction is recorded before it is sent
    /// (<see cref="ILiquidationJournal.RecordSigningAsync"/>): a keeper killed between the two broadcasts the recorded bytes at restart
    /// instead of signing the same liquidation again under a new nonce.
    /// </summary>
    private async Task<string> SendAsync(LiquidateBatchFunction message, List<Address> vaults, CancellationToken ct)
    {
        if (_journal is null || _web3.TransactionManager is not VaultsTransactionManager manager)
            return await _factory.LiquidateBatchRequestAsync(message, ct).ConfigureAwait(false);
        var input = message.CreateTransactionInput(_deployment.VaultFactory.ToString());
        string? recorded = null;
        try
        {
            return await manager.SendTransactionAsync(input, async (hash, raw) =>
            {
                await _journal.RecordSigningAsync(hash, raw, vaults, CancellationToken.None).ConfigureAwait(false);
                recorded = hash;
            }).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (recorded is not null && e is Nethereum.JsonRpc.Client.RpcResponseException or SmartContractRevertException or SmartContractCustomErrorRevertException)
        {
            // The node answered with a refusal: nothing is in flight. (A transport failure keeps the record: it may have arrived.)
            await _journal.RecordRefusedAsync(recorded, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One chunk's simulation: null when it would succeed, else why not (cancellation throws).</summary>
    private async Task<Exception?> SimulateAsync(LiquidateBatchFunction message, BlockParameter block, CancellationToken ct)
    {
        try
        {
            await _factory.ContractHandler.QueryRawAsync(message, block).WaitAsync(ct).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (!IsCancellation(ex, ct))
        {
            return ex;
        }
    }

    private static LiquidationRound Round(List<Address> candidates, List<Address> confirmed, List<LiquidationBatch> batches,
        List<LiquidatedVault> liquidated, List<Address> skipped, LiquidationOutcome outcome, string? error, List<PriceRejection>? rejections = null) => new()
    {
        PriceRejections = rejections ?? [],
        Candidates = candidates,
        Confirmed = confirmed,
        Batches = batches,
        Liquidated = liquidated,
        Skipped = skipped,
        Outcome = outcome,
        Error = error,
    };

    private static bool IsCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;

    /// <summary>Oracle custom errors are <see cref="LiquidationOutcome.PriceRejected"/>, other contract errors <see cref="LiquidationOutcome.Reverted"/>, the rest <see cref="LiquidationOutcome.RpcError"/>.</summary>
    private static (LiquidationOutcome Outcome, string Error) Classify(Exception ex) => ex switch
    {
        SmartContractCustomErrorRevertException c when CustomErrors.Decode(c, GeneratedContractErrors.All) is { } decoded && OracleErrors.Contains(decoded.Name)
            => (LiquidationOutcome.PriceRejected, CustomErrors.Describe(c, GeneratedContractErrors.All)),
        SmartContractCustomErrorRevertException c => (LiquidationOutcome.Reverted, CustomErrors.Describe(c, GeneratedContractErrors.All)),
        SmartContractRevertException or TransactionRevertedException => (LiquidationOutcome.Reverted, ex.Message),
        _ => (LiquidationOutcome.RpcError, $"{ex.GetType().Name}: {ex.Message}"),
    };

    private void LogFailure(LiquidationOutcome outcome, string stage, Exception ex, string error, List<Address> vaults)
    {
        switch (outcome)
        {
            case LiquidationOutcome.PriceRejected: LiquidationLog.PriceRejected(_logger, stage, error, Hex(vaults)); break;
            case LiquidationOutcome.Reverted: LiquidationLog.Reverted(_logger, stage, error, Hex(vaults)); break;
            default: LiquidationLog.RpcFailed(_logger, stage, ex.GetType().Name, ex.Message, Hex(vaults)); break;
        }
    }

    private static IReadOnlyList<string> Hex(IEnumerable<Address> vaults) => [.. vaults.Select(v => v.ToString())];
}
