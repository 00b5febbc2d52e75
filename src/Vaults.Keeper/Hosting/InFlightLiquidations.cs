using System.Globalization;
using Microsoft.Extensions.Logging;
using Nethereum.RPC;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.TransactionManagers;
using Vaults.Keeper.Liquidation;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's liquidations without a receipt yet (each a transaction and its same-nonce replacements), kept in memory and in the SQLite
/// file (<see cref="InFlightStore"/>). While one is pending its vaults are not sent again: a second transaction under a new nonce would
/// only pay gas to be skipped, or sit behind the first forever. Each round first resolves them: a version mined → done; a version the
/// node still knows → still pending; no version known → dropped or replaced by another transaction with the same nonce, so its vaults are
/// free again and the nonce counter is re-read from the node (a dropped nonce must be reused, not skipped).
/// </summary>
/// <remarks>Not thread-safe: the keeper loop owns it (the executor records through it within a round).</remarks>
internal sealed class InFlightLiquidations(InFlightStore store, IEthApiService eth, ITransactionManager transactions, ILogger logger) : ILiquidationJournal
{
    private readonly Dictionary<string, InFlightTransaction> _transactions = new(StringComparer.Ordinal); // by first version's hash
    private readonly Dictionary<string, string> _firstVersion = new(StringComparer.Ordinal);              // version → first version
    private readonly HashSet<Address> _vaults = [];

    /// <summary>The transactions left in flight by a previous run (loaded once, before the first round).</summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        foreach (var row in await store.LoadAsync(ct).ConfigureAwait(false))
        {
            if (row.Original is { } original && _transactions.TryGetValue(original, out var tx)) AddVersion(tx, row.Hash);
            else Track(new InFlightTransaction(row.Original ?? row.Hash, row.Vaults, FromPreviousRun: true) { RawTransaction = row.RawTransaction }, row.Hash);
        }
    }

    /// <summary>True while a liquidation of <paramref name="vault"/> is in flight.</summary>
    public bool IsPending(Address vault) => _vaults.Contains(vault);

    /// <summary>The number of liquidations in flight.</summary>
    public int Count => _transactions.Count;

    /// <summary>
    /// Resolves every liquidation in flight (see the class summary); RPC failures propagate (the round is retried).
    /// Returns the receipts of those sent by this run that were mined, for the liquidation count.
    /// </summary>
    public async Task<IReadOnlyList<TransactionReceipt>> ResolveAsync(CancellationToken ct)
    {
        var mined = new List<TransactionReceipt>();
        bool dropped = false;
        foreach (var tx in _transactions.Values.ToList())
        {
            var (receipt, pending) = await StateAsync(tx, ct).ConfigureAwait(false);
            if (pending) continue;
            HostingLog.InFlightResolved(logger, tx.FirstVersion, tx.FromPreviousRun ? "from a previous run" : "of this run", receipt is null
                ? "unknown to the node (dropped or replaced); its vaults are re-confirmed and the nonce re-read"
                : string.Create(CultureInfo.InvariantCulture, $"mined in block {receipt.BlockNumber.Value}"));
            await SettleAsync(tx, ct).ConfigureAwait(false);
            if (receipt is null) dropped = true;
            else if (!tx.FromPreviousRun) mined.Add(receipt);
        }
        if (dropped) await transactions.ResetNonceAsync().WaitAsync(ct).ConfigureAwait(false);
        return mined;
    }

    /// <inheritdoc />
    public async Task RecordSigningAsync(string transactionHash, string rawTransaction, IReadOnlyList<Address> vaults, CancellationToken ct)
    {
        var hash = transactionHash.ToLowerInvariant();
        await store.InsertAsync(new InFlightRow(hash, vaults, null, rawTransaction), ct).ConfigureAwait(false);
        Track(new InFlightTransaction(hash, vaults, FromPreviousRun: false) { RawTransaction = rawTransaction }, hash);
    }

    /// <inheritdoc />
    public async Task RecordSentAsync(string transactionHash, IReadOnlyList<Address> vaults, CancellationToken ct)
    {
        var hash = transactionHash.ToLowerInvariant();
        if (_firstVersion.ContainsKey(hash)) return; // recorded before it was sent
        await store.InsertAsync(new InFlightRow(hash, vaults, null), ct).ConfigureAwait(false);
        Track(new InFlightTransaction(hash, vaults, FromPreviousRun: false), hash);
    }

    /// <inheritdoc />
    public async Task RecordReplacedAsync(string transactionHash, string replacementHash, CancellationToken ct)
    {
        var first = _firstVersion.GetValueOrDefault(transactionHash.ToLowerInvariant())
            ?? throw new InvalidOperationException($"Replacement of {transactionHash}, which is not in flight.");
        var tx = _transactions[first];
        var replacement = replacementHash.ToLowerInvariant();
        await store.InsertAsync(new InFlightRow(replacement, tx.Vaults, first), ct).ConfigureAwait(false);
        AddVersion(tx, replacement);
    }

    /// <inheritdoc />
    public async Task RecordSettledAsync(string transactionHash, CancellationToken ct)
    {
        var hash = transactionHash.ToLowerInvariant();
        if (_firstVersion.TryGetValue(hash, out var first)) await SettleAsync(_transactions[first], ct).ConfigureAwait(false);
        else await store.DeleteAsync(hash, ct).ConfigureAwait(false);
    }

    /// <summary>The receipt of a mined version; else pending while the node still knows a version; else neither (dropped or replaced).</summary>
    private async Task<(TransactionReceipt? Receipt, bool Pending)> StateAsync(InFlightTransaction tx, CancellationToken ct)
    {
        foreach (var version in tx.Versions)
        {
            if (await eth.GetTransactionReceiptAsync(version, ct).ConfigureAwait(false) is { } receipt) return (receipt, false);
        }
        foreach (var version in tx.Versions)
        {
            if (await eth.GetTransactionByHashAsync(version, ct).ConfigureAwait(false) is not null) return (null, true);
        }
        // Recorded before it was sent and unknown to the node: the keeper may have died before the send. The very same signed bytes
        // (same nonce, same hash) go out once more: mined at most once, and refused if its nonce is used by now.
        if (tx.RawTransaction is { } raw && !tx.Rebroadcast)
        {
            tx.Rebroadcast = true;
            try
            {
                await eth.Transactions.SendRawTransaction.SendRequestAsync(raw).WaitAsync(ct).ConfigureAwait(false);
                HostingLog.InFlightResolved(logger, tx.FirstVersion, tx.FromPreviousRun ? "from a previous run" : "of this run",
                    "unknown to the node; its recorded signed transaction broadcast again (same nonce and hash)");
                return (null, true);
            }
            catch (Nethereum.JsonRpc.Client.RpcResponseException)
            {
                // Refused (its nonce is used, or it is known after all): settled as dropped below.
            }
        }
        return (null, false);
    }

    private void Track(InFlightTransaction tx, string version)
    {
        _transactions[tx.FirstVersion] = tx;
        _vaults.UnionWith(tx.Vaults);
        AddVersion(tx, version);
    }

    private void AddVersion(InFlightTransaction tx, string version)
    {
        if (!tx.Versions.Contains(version)) tx.Versions.Add(version);
        _firstVersion[version] = tx.FirstVersion;
    }

    private async Task SettleAsync(InFlightTransaction tx, CancellationToken ct)
    {
        await store.DeleteAsync(tx.FirstVersion, ct).ConfigureAwait(false);
        _transactions.Remove(tx.FirstVersion);
        foreach (var version in tx.Versions) _firstVersion.Remove(version);
        _vaults.Clear();
        foreach (var other in _transactions.Values) _vaults.UnionWith(other.Vaults);
    }

    /// <summary>A liquidation in flight: its first version's hash, its vaults, and every version sent (the first, then replacements).</summary>
    private sealed record InFlightTransaction(string FirstVersion, IReadOnlyList<Address> Vaults, bool FromPreviousRun)
    {
        public List<string> Versions { get; } = [];

        /// <summary>The signed first version, when it was recorded before it was sent.</summary>
        public string? RawTransaction { get; init; }

        /// <summary>True once the recorded bytes were broadcast again.</summary>
        public bool Rebroadcast { get; set; }
    }
}
