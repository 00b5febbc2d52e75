// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title SideMark
/// @author Vaults
/// @notice The mark to market of one market side's open positions: what the side would take from the pool (or owe it,
/// when negative) if it were settled at `price`. The pool values itself with it (`LiquidityPool.traderClaim`) and the
/// factory settles against it (`VaultFactory._settleAgainstMark`), so both use this one function.
/// @dev `claim = min(PnL, reserves) - close fee owed`, at least `-collateral`, in wad of quote value, from the side's
/// aggregates (`IVaultTypes.SideTotals`). The PnL rounds up and the fee down: the pool's liability is never
/// understated. Bounds (stored widths): size < 2**96, price < 2**128, the sums < 2**160 wad, close fee < 2**16 bps;
/// so every product is below 2**240 and nothing below overflows.
library SideMark {
    /// @notice The side's claim in wad (positive: the pool owes the side).
    /// @param size Open size of the side, 18 decimals.
    /// @param entryNotional Sum of the positions' entry notionals, wad.
    /// @param collateral Sum of the positions' collateral, wad.
    /// @param reserve Sum of the positions' reserves (their profit caps), wad.
    /// @param price Settlement price, 18 decimals.
    /// @param isLong Side.
    /// @param closeFeeBps The market's close fee.
    /// @return claim The side's claim, wad (negative: what the side owes the pool).
    function claimWad(
        uint256 size,
        uint256 entryNotional,
        uint256 collateral,
        uint256 reserve,
        uint256 price,
        bool isLong,
        uint256 closeFeeBps
    ) internal pure returns (int256 claim) {
        if (size == 0) return 0;
        unchecked {
            uint256 notional = size * price; // scaled by 1e18
            claim = isLong
                ? int256((notional + 1e18 - 1) / 1e18) - int256(entryNotional)
                : int256(entryNotional) - int256(notional / 1e18);
            if (claim > int256(reserve)) claim = int256(reserve);
            claim -= int256(notional * closeFeeBps / 1e22);
            if (claim < -int256(collateral)) claim = -int256(collateral);
        }
    }

    /// @notice `claimWad` in token units: a liability rounds up, an asset (a negative claim) towards zero.
    /// @param claim The claim, wad.
    /// @param scale `10 ** (18 - token decimals)`.
    function toToken(int256 claim, uint256 scale) internal pure returns (int256) {
        unchecked {
            return claim >= 0 ? int256((uint256(claim) + scale - 1) / scale) : -int256(uint256(-claim) / scale);
        }
    }
}
