using Vaults.Chain;

namespace Vaults.Client;

/// <summary>Everything that happened to one vault, in order, and how it ended.</summary>
/// <param name="Vault">The vault.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Status">Open, Closed or Liquidated now.</param>
/// <param name="Events">Its factory events, oldest first (by block, then log index).</param>
/// <param name="Outcome">One line: still open (with its size), or how it was closed or liquidated (payout, fee, penalty, bad debt).</param>
public sealed record VaultHistory(Address Vault, Address Owner, VaultStatus Status, IReadOnlyList<VaultEvent> Events, string Outcome);

/// <summary>One factory event of a vault, in people's units.</summary>
/// <param name="Seq">The vault's own event sequence number (null for events without one, such as BadDebtCovered).</param>
/// <param name="Block">The block.</param>
/// <param name="Time">The block's time.</param>
/// <param name="TransactionHash">The transaction.</param>
/// <param name="Kind">opened, position-changed, margin-added, margin-removed, closed, liquidated, bad-debt-covered, remainder-claimed.</param>
/// <param name="Description">The event in one line.</param>
/// <param name="Amounts">Its amounts by name (tokens, sizes in base units, prices in quote units).</param>
public sealed record VaultEvent(long? Seq, long Block, DateTimeOffset Time, string TransactionHash, string Kind, string Description,
    IReadOnlyDictionary<string, decimal> Amounts);

/// <summary>What an account holds: the settlement token, LP shares (in shares) and their worth, and ETH for gas.</summary>
/// <param name="Account">The account.</param>
/// <param name="TokenSymbol">The settlement token's symbol.</param>
/// <param name="Tokens">Its settlement-token balance.</param>
/// <param name="LpShares">Its LP shares (the pool's own unit, not tokens).</param>
/// <param name="LpSharesValue">What those shares are worth in tokens.</param>
/// <param name="LpWithdrawableNow">What it could withdraw now (capped by the pool's free liquidity).</param>
/// <param name="Eth">Its ETH balance (gas).</param>
/// <param name="OpenVaults">How many open vaults it owns.</param>
public sealed record BalanceView(Address Account, string TokenSymbol, decimal Tokens, decimal LpShares, decimal LpSharesValue, decimal LpWithdrawableNow,
    decimal Eth, int OpenVaults);
