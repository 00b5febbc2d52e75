using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Chain;
using Vaults.Contracts.VaultFactory.ContractDefinition;

namespace Vaults.Client;

// A vault's history from the factory's events (one eth_getLogs query per range on the vault's topic, every event kind at once),
// and an account's balances.
public sealed partial class VaultsClient
{
    /// <summary>Every factory event of <paramref name="vault"/>, in order, with how the vault ended.</summary>
    /// <exception cref="VaultsClientException">Not a vault of this factory.</exception>
    public async Task<VaultHistory> GetVaultHistoryAsync(Address vault, CancellationToken ct = default)
    {
        var position = await Guard(() => Factory.PositionQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        var status = (VaultStatus)position.Status;
        if (status == VaultStatus.None) throw new VaultsClientException($"Unknown vault: {vault} is not a vault of this factory.");
        var owner = await Guard(() => Factory.OwnerOfQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);

        // Every factory event of a vault has the vault as its first indexed argument: topic 0 open (any event), topic 1 the vault.
        var filter = new NewFilterInput
        {
            Address = [Deployment.VaultFactory.ToString()],
            Topics = [null, "0x" + vault.ToLowerHex()[2..].PadLeft(64, '0')],
        };
        var head = (long)(await Guard(() => Web3.Eth.BlockNumberAsync(ct)).ConfigureAwait(false)).Value;
        var logs = await Guard(() => _logs.GetLogsAsync(filter, (ulong)Deployment.DeploymentBlock, (ulong)head, ct)).ConfigureAwait(false);
        var times = new Dictionary<BigInteger, DateTimeOffset>();
        var events = new List<VaultEvent>();
        foreach (var log in logs.OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex.Value))
        {
            var block = log.BlockNumber.Value;
            if (!times.TryGetValue(block, out var time))
            {
                var header = await Guard(() => Web3.Eth.GetBlockByNumberAsync(new BlockParameter(log.BlockNumber), ct)).ConfigureAwait(false);
                times[block] = time = DateTimeOffset.FromUnixTimeSeconds((long)header!.Timestamp.Value);
            }
            if (Describe(log) is { } e)
                events.Add(new VaultEvent(e.Seq, (long)block, time, log.TransactionHash, e.Kind, e.Text, e.Amounts));
        }
        return new VaultHistory(vault, owner, status, events, Outcome(status, position, events));
    }

    /// <summary>
    /// One vault with everything <c>vault show</c> prints: the view, plus the fees it has paid (from its events) and the close fee a
    /// close now would pay (the market's close fee on the notional).
    /// </summary>
    public async Task<VaultView> GetVaultDetailsAsync(Address vault, CancellationToken ct = default)
    {
        var view = await GetVaultAsync(vault, ct).ConfigureAwait(false);
        var history = await GetVaultHistoryAsync(vault, ct).ConfigureAwait(false);
        var position = await Guard(() => Factory.PositionQueryAsync(vault, cancellationToken: ct)).ConfigureAwait(false);
        var market = await MarketAsync(await MarketOfAsync(position.MarketId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var paid = history.Events.Sum(e => e.Amounts.GetValueOrDefault("openFee") + e.Amounts.GetValueOrDefault("fee") + e.Amounts.GetValueOrDefault("closeFee"));
        var closeFee = view.Status == VaultStatus.Open ? decimal.Round(view.Notional * market.CloseFeeBps / 10_000m, TokenDecimals, MidpointRounding.AwayFromZero) : 0m;
        return view with { FeesPaid = paid, CloseFeeNow = closeFee };
    }

    /// <summary>What <paramref name="account"/> holds: tokens, LP shares and their worth, ETH, and its open vaults.</summary>
    public async Task<BalanceView> GetBalanceAsync(Address account, CancellationToken ct = default)
    {
        var tokens = await BalanceAsync(account, ct).ConfigureAwait(false);
        var pool = await GetPoolAsync(account, ct).ConfigureAwait(false);
        var wei = await Guard(() => Web3.Eth.GetBalance.SendRequestAsync(account.ToString(), BlockParameter.CreateLatest()).WaitAsync(ct)).ConfigureAwait(false);
        var open = await ListVaultsAsync(account, openOnly: true, ct).ConfigureAwait(false);
        return new BalanceView(account, TokenSymbol, tokens, pool.AccountShares, pool.AccountAssets, pool.AccountMaxWithdraw,
            Amount.FromBaseUnits(wei.Value, 18), open.Count);
    }

    private (long? Seq, string Kind, string Text, Dictionary<string, decimal> Amounts)? Describe(FilterLog log)
    {
        string T(decimal v) => $"{Amount.Display(v)} {TokenSymbol}";
        decimal Wad(BigInteger v) => Amount.FromBaseUnits(v, 18);
        if (log.IsLogForEvent<VaultOpenedEventDTO>())
        {
            var e = log.DecodeEvent<VaultOpenedEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["size"] = Wad(e.Size), ["entryPrice"] = Wad(e.EntryPrice), ["collateral"] = Tokens(e.Collateral), ["openFee"] = Tokens(e.OpenFee) };
            return ((long)e.Seq, "opened", $"opened {(e.IsLong ? "long" : "short")} {Amount.Display(a["size"])} at {Amount.Cents(a["entryPrice"])}, collateral {T(a["collateral"])}, open fee {T(a["openFee"])}", a);
        }
        if (log.IsLogForEvent<PositionChangedEventDTO>())
        {
            var e = log.DecodeEvent<PositionChangedEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["size"] = Wad(e.Size), ["entryPrice"] = Wad(e.EntryPrice), ["collateral"] = Tokens(e.Collateral), ["realizedPnl"] = Tokens(e.RealizedPnl), ["fee"] = Tokens(e.Fee), ["price"] = Wad(e.Price) };
            return ((long)e.Seq, "position-changed", $"size now {Amount.Display(a["size"])} at {Amount.Cents(a["price"])}: realised PnL {T(a["realizedPnl"])}, fee {T(a["fee"])}, collateral {T(a["collateral"])}", a);
        }
        if (log.IsLogForEvent<MarginChangedEventDTO>())
        {
            var e = log.DecodeEvent<MarginChangedEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["delta"] = Tokens(e.Delta), ["collateral"] = Tokens(e.Collateral) };
            var added = e.Delta > 0;
            return ((long)e.Seq, added ? "margin-added" : "margin-removed", $"{(added ? "added" : "removed")} {T(Math.Abs(a["delta"]))} of margin: collateral {T(a["collateral"])}", a);
        }
        if (log.IsLogForEvent<VaultClosedEventDTO>())
        {
            var e = log.DecodeEvent<VaultClosedEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["realizedPnl"] = Tokens(e.RealizedPnl), ["closeFee"] = Tokens(e.CloseFee), ["payout"] = Tokens(e.OwnerPayout), ["badDebt"] = Tokens(e.BadDebt), ["price"] = Wad(e.Price) };
            return ((long)e.Seq, "closed", $"closed at {Amount.Cents(a["price"])}: paid out {T(a["payout"])}, realised PnL {T(a["realizedPnl"])}, close fee {T(a["closeFee"])}" + (e.BadDebt > 0 ? $", bad debt {T(a["badDebt"])}" : ""), a);
        }
        if (log.IsLogForEvent<VaultLiquidatedEventDTO>())
        {
            var e = log.DecodeEvent<VaultLiquidatedEventDTO>().Event;
            var a = new Dictionary<string, decimal>
            {
                ["closedSize"] = Wad(e.ClosedSize), ["keeperFee"] = Tokens(e.KeeperFee), ["penalty"] = Tokens(e.Penalty), ["ownerRemainder"] = Tokens(e.OwnerRemainder),
                ["badDebt"] = Tokens(e.BadDebt), ["price"] = Wad(e.Price), ["remainingSize"] = Wad(e.RemainingSize), ["remainingCollateral"] = Tokens(e.RemainingCollateral),
            };
            return ((long)e.Seq, "liquidated", $"{(e.Full ? "fully" : "partially")} liquidated at {Amount.Cents(a["price"])} by {e.Keeper}: closed {Amount.Display(a["closedSize"])}, keeper fee {T(a["keeperFee"])}, " +
                $"penalty {T(a["penalty"])}, bad debt {T(a["badDebt"])}" + (e.Full ? $", left to the owner {T(a["ownerRemainder"])}" : $", {Amount.Display(a["remainingSize"])} still open"), a);
        }
        if (log.IsLogForEvent<BadDebtCoveredEventDTO>())
        {
            var e = log.DecodeEvent<BadDebtCoveredEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["byInsurance"] = Tokens(e.ByInsurance), ["byPool"] = Tokens(e.ByPool) };
            return (null, "bad-debt-covered", $"bad debt covered: {T(a["byInsurance"])} by the insurance fund, {T(a["byPool"])} by the pool", a);
        }
        if (log.IsLogForEvent<RemainderClaimedEventDTO>())
        {
            var e = log.DecodeEvent<RemainderClaimedEventDTO>().Event;
            var a = new Dictionary<string, decimal> { ["amount"] = Tokens(e.Amount) };
            return ((long)e.Seq, "remainder-claimed", $"{T(a["amount"])} claimed by {e.To}", a);
        }
        return null;
    }

    private string Outcome(VaultStatus status, Position position, IReadOnlyList<VaultEvent> events)
    {
        var last = events.LastOrDefault(e => e.Kind is "closed" or "liquidated");
        return status switch
        {
            VaultStatus.Open => $"Still open: {(position.IsLong ? "long" : "short")} {Amount.Display(Amount.FromBaseUnits(position.Size, 18))}, collateral {Amount.Display(Tokens(position.Collateral))} {TokenSymbol}" +
                (last is not null ? $", after it was {last.Description} in block {last.Block}." : "."),
            VaultStatus.Closed when last is not null => $"Closed in block {last.Block}: {last.Description}.",
            VaultStatus.Liquidated when last is not null => $"Liquidated in block {last.Block}: {last.Description}" +
                (events.Any(e => e.Kind == "remainder-claimed") ? "; the remainder was claimed." : "."),
            _ => $"{status}.",
        };
    }
}
