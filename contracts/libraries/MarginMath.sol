// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title MarginMath
/// @author Vaults
/// @notice Isolated-margin arithmetic (DESIGN section 3) in exact integers.
/// @dev Units: size `s`, entry `e` and price `p` are 18-decimal fixed point ("wad"); collateral is converted to
/// wad of quote value with `scale = 10**(18 - tokenDecimals)`; ratios are basis points (1e4 = 100 %).
/// Every helper names its rounding direction; the direction is always against the trader (protocol favour).
library MarginMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 1e4;

    // --- Notional and PnL ---

    /// @dev Notional `s * p / 1e18`, rounded down (used for fees paid *to* the caller, e.g. keeper fee base).
    function notionalDown(uint256 s, uint256 p) internal pure returns (uint256) {
        return Math.mulDiv(s, p, WAD);
    }

    /// @dev Notional `s * p / 1e18`, rounded up (used for margin requirements and fees paid *by* the trader).
    function notionalUp(uint256 s, uint256 p) internal pure returns (uint256) {
        return Math.mulDiv(s, p, WAD, Math.Rounding.Ceil);
    }

    /// @dev PnL of `s` units opened at `e` and marked at `p`, in wad. Gains round down, losses round up
    /// (in magnitude): always against the trader.
    function pnlWad(uint256 s, uint256 e, uint256 p, bool isLong) internal pure returns (int256) {
        bool gain = isLong ? p >= e : e >= p;
        uint256 diff = p >= e ? p - e : e - p;
        if (gain) return int256(Math.mulDiv(s, diff, WAD));
        return -int256(Math.mulDiv(s, diff, WAD, Math.Rounding.Ceil));
    }

    /// @dev Converts a signed wad PnL to token units: gains round down, losses round up (against the trader).
    function pnlToToken(int256 w, uint256 scale) internal pure returns (int256) {
        if (w >= 0) return int256(uint256(w) / scale);
        return -int256(Math.ceilDiv(uint256(-w), scale));
    }

    /// @dev Fee of `bps` on a wad notional, in token units, rounded up (a fee paid by the trader).
    function feeUp(uint256 notionalWad, uint256 bps, uint256 scale) internal pure returns (uint256) {
        return Math.mulDiv(notionalWad, bps, BPS * scale, Math.Rounding.Ceil);
    }

    /// @dev Weighted entry price after adding `ds` at `p` to `s` at `e`; rounds up for longs and down for
    /// shorts (a worse entry for the trader).
    function averageEntry(uint256 s, uint256 e, uint256 ds, uint256 p, bool isLong) internal pure returns (uint256) {
        return Math.mulDiv(1, s * e + ds * p, s + ds, isLong ? Math.Rounding.Ceil : Math.Rounding.Floor);
    }

    // --- Liquidation predicate (exact) ---

    /// @dev Exact predicate `Q < m * N` with `Q = C + PnL - closeFee * N`, `N = s * p`, no intermediate rounding:
    /// both sides are scaled by 1e4 * 1e18.
    /// Long:  1e22*C + 1e4*s*p            < 1e4*s*e + (m + fee)*s*p.
    /// Short: 1e22*C + 1e4*s*e            < (1e4 + m + fee)*s*p.
    /// Monotone in `p` (decreasing health for a long as `p` falls, for a short as `p` rises), which makes
    /// `liquidationPrice` exact. Overflow-free for `s, e, p < 2**96` and `collateralWad < 2**200`.
    function isLiquidatable(
        uint256 collateralWad,
        uint256 s,
        uint256 e,
        uint256 p,
        bool isLong,
        uint256 mBps,
        uint256 feeBps
    ) internal pure returns (bool) {
        if (s == 0) return false;
        if (s < 2 ** 96 && e < 2 ** 96 && p < 2 ** 128 && mBps + feeBps < 2 ** 16 && collateralWad < 2 ** 170) {
            unchecked {
                // Every term below 2**245 under these bounds (stored sizes and prices, checked oracle prices).
                uint256 cw = collateralWad * (WAD * BPS);
                if (isLong) return cw + BPS * s * p < BPS * s * e + (mBps + feeBps) * s * p;
                return cw + BPS * s * e < (BPS + mBps + feeBps) * s * p;
            }
        }
        uint256 c = collateralWad * WAD * BPS;
        if (isLong) return c + BPS * s * p < BPS * s * e + (mBps + feeBps) * s * p;
        return c + BPS * s * e < (BPS + mBps + feeBps) * s * p;
    }

    /// @dev Liquidation price, exact against `isLiquidatable` (no rounding slack):
    /// long: the HIGHEST 18-decimal price at which the vault is liquidatable (0 if none);
    /// short: the LOWEST 18-decimal price at which the vault is liquidatable (type(uint256).max if none).
    /// Long: p < A/B with A = 1e4*(s*e) - 1e22*C, B = s*(1e4 - m - fee) -> p = ceil(A/B) - 1 = (A - 1) / B.
    /// Short: p > A/B with A = 1e22*C + 1e4*s*e, B = s*(1e4 + m + fee) -> p = floor(A/B) + 1.
    function liquidationPrice(
        uint256 collateralWad,
        uint256 s,
        uint256 e,
        bool isLong,
        uint256 mBps,
        uint256 feeBps
    ) internal pure returns (uint256) {
        if (s == 0) return isLong ? 0 : type(uint256).max;
        uint256 c = collateralWad * WAD * BPS;
        if (isLong) {
            uint256 a = BPS * s * e;
            if (a <= c) return 0; // Collateral covers the whole entry notional: never liquidatable.
            uint256 b = s * (BPS - mBps - feeBps);
            return (a - c - 1) / b;
        }
        return (c + BPS * s * e) / (s * (BPS + mBps + feeBps)) + 1;
    }
}
