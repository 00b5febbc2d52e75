using Vaults.Chain;

namespace Vaults.Client;

/// <summary>One liquidation as it happened on chain (a <c>VaultLiquidated</c> event), in people's units.</summary>
/// <param name="Vault">The liquidated vault.</param>
/// <param name="Keeper">Who liquidated it (received the fee).</param>
/// <param name="Block">The block it happened in.</param>
/// <param name="TransactionHash">The liquidation transaction.</param>
/// <param name="Full">True when the whole position was closed.</param>
/// <param name="ClosedSize">Size closed, in base units.</param>
/// <param name="KeeperFee">Keeper fee in tokens.</param>
/// <param name="Penalty">Penalty to the insurance fund, in tokens.</param>
/// <param name="BadDebt">Loss beyond the collateral, in tokens.</param>
/// <param name="Price">Oracle price used.</param>
/// <param name="RemainingSize">Size left open after a partial liquidation.</param>
public sealed record LiquidationResult(
    Address Vault, Address Keeper, long Block, string TransactionHash, bool Full, decimal ClosedSize,
    decimal KeeperFee, decimal Penalty, decimal BadDebt, decimal Price, decimal RemainingSize)
{
    /// <summary>Gas the liquidation transaction used (0 when read from an event log rather than a receipt).</summary>
    public long GasUsed { get; init; }
}

/// <summary>How a close ended (the <c>VaultClosed</c> event), in tokens.</summary>
/// <param name="Vault">The closed vault.</param>
/// <param name="RealizedPnl">Realised profit (negative: loss), profit capped.</param>
/// <param name="CloseFee">Close fee paid to the pool.</param>
/// <param name="Payout">Tokens paid to the owner.</param>
/// <param name="BadDebt">Loss beyond the collateral.</param>
/// <param name="Price">Oracle price the close settled at.</param>
/// <param name="Transaction">The close transaction.</param>
public sealed record VaultClosure(Address Vault, decimal RealizedPnl, decimal CloseFee, decimal Payout, decimal BadDebt, decimal Price, TransactionResult Transaction);
