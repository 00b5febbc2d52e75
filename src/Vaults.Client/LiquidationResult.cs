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
    decimal KeeperFee, decimal Penalty, decimal BadDebt, decimal Price, decimal RemainingSize);
