// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IVaultTypes} from "../interfaces/IVaultTypes.sol";
import {MarginMath} from "./MarginMath.sol";

/// @title LiquidationMath
/// @author Vaults
/// @notice What a liquidation does (DESIGN section 3): whether a vault is liquidatable, the smallest partial close
/// that restores the target ratio, or the full close with its waterfall. Pure: `VaultFactory.previewLiquidation`,
/// `liquidate` and `liquidateBatch` all run exactly this, so the preview is the execution.
/// @dev Bounds that make the arithmetic below overflow-free without checks (each `unchecked` block names the one it
/// relies on): size and entry price are stored as uint96 (< 2**96); the oracle price is at most
/// `OracleLib.MAX_PRICE` (< 2**128); collateral and reserve are stored as uint128; `tokenScale <= 1e18 < 2**60`;
/// basis-point parameters are below 2**16 and keeper fee bounds below 2**80 (`MarketConfig`'s hard bounds). Hence
/// size * price < 2**224 and every product below stays under 2**256. Rounding goes against the trader everywhere.
library LiquidationMath {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 1e4;

    /// @notice A market's liquidation terms at one price, unpacked once per liquidation (or per market in a batch).
    /// @param price Checked oracle price, 18 decimals.
    /// @param tokenScale `10 ** (18 - token decimals)`.
    /// @param closeFeeBps Close fee, counted in the equity of the predicate.
    /// @param liquidationFeeBps Keeper fee ratio `f` of the closed notional.
    /// @param liquidationPenaltyBps Penalty ratio to the insurance fund.
    /// @param targetMarginBps Target ratio `t` a partial liquidation restores.
    /// @param keeperFeeFloor Keeper fee floor, token units.
    /// @param keeperFeeCap Keeper fee cap, token units.
    /// @param minSize Smallest size a partial liquidation may leave.
    /// @param minCollateral Smallest collateral a partial liquidation may leave, token units.
    /// @param maintenance Maintenance ratios of the four tiers, 16 bits each, tier 0 lowest.
    /// @param tiers Entry-notional thresholds (whole quote units) of tiers 1..3, 32 bits each, tier 1 lowest.
    /// @param profitCapBps Profit cap as a multiple of collateral (re-sizes the reserve after a partial liquidation).
    struct Terms {
        uint256 price;
        uint256 tokenScale;
        uint256 closeFeeBps;
        uint256 liquidationFeeBps;
        uint256 liquidationPenaltyBps;
        uint256 targetMarginBps;
        uint256 keeperFeeFloor;
        uint256 keeperFeeCap;
        uint256 minSize;
        uint256 minCollateral;
        uint256 maintenance;
        uint256 tiers;
        uint256 profitCapBps;
    }

    /// @dev Maintenance ratio for an entry notional: tier `k` applies when the entry notional (whole quote units)
    /// is at least threshold `k`. Chosen by the ENTRY notional, so health is monotone in the price and a single
    /// liquidation price exists.
    function maintenanceBps(Terms memory t, uint256 entryNotionalWad) internal pure returns (uint256) {
        uint256 whole = entryNotionalWad / WAD;
        uint256 k = 0;
        while (k < 3 && whole >= (t.tiers >> (32 * k)) & 0xffffffff) ++k;
        return (t.maintenance >> (16 * k)) & 0xffff;
    }

    /// @dev Entry notional `size * entryPrice` of a stored position, rounded down.
    function entryNotional(IVaultTypes.Position memory pos) internal pure returns (uint256) {
        unchecked {
            // Both below 2**96.
            return uint256(pos.size) * pos.entryPrice / WAD;
        }
    }

    /// @notice Fills `p` with what liquidating `pos` at `t.price` does: nothing but the price for a healthy vault
    /// (`p.liquidatable` false), else the smallest partial close that restores the target ratio if there is one,
    /// else the full close.
    /// @param pos The open position.
    /// @param t The market's terms.
    /// @param p Output; must be zeroed.
    function evaluate(IVaultTypes.Position memory pos, Terms memory t, IVaultTypes.LiquidationPreview memory p)
        internal
        pure
    {
        p.price = t.price;
        uint256 m = maintenanceBps(t, entryNotional(pos));
        if (
            !MarginMath.isLiquidatable(
                uint256(pos.collateral) * t.tokenScale, pos.size, pos.entryPrice, t.price, pos.isLong, m, t.closeFeeBps
            )
        ) return;
        p.liquidatable = true;
        if (!partialClose(pos, t, m, p)) fullClose(pos, t, p);
    }

    /// @notice The smallest partial close that restores the target ratio `t`:
    /// `x = (t*N - Q) / ((t - f - penalty) * N - X)` rounded up (with the floor-raised keeper fee `F` instead:
    /// `x = (t*N - Q + F) / ((t - penalty) * N - X)`), where `X` is the part of the unrealised profit above the
    /// reserve: closing realises only the capped profit, so each unit closed also gives up `X` per unit of `x`, and
    /// without it the remainder would fall short of the target whenever the cap binds. Written into `p` only if the
    /// remainder is not dust (size and collateral above the market minimums) and is no longer liquidatable, so a
    /// partial liquidation always raises the margin ratio.
    /// @param pos The open position.
    /// @param t The market's terms.
    /// @param m Maintenance ratio of the position's tier.
    /// @param p Output.
    /// @return found True if `p` now holds a partial close.
    function partialClose(
        IVaultTypes.Position memory pos,
        Terms memory t,
        uint256 m,
        IVaultTypes.LiquidationPreview memory p
    ) internal pure returns (bool found) {
        unchecked {
            // Products are bounded as the library header says. `t*N - Q*1e4` is positive because Q < m*N < t*N;
            // were it not, it would wrap to a huge value, x >= 1 and the liquidation full: it fails closed.
            uint256 s = pos.size;
            uint256 n = ceilDiv(s * t.price, WAD);
            int256 pnl = pnlWad(s, pos.entryPrice, t.price, pos.isLong);
            int256 q = int256(uint256(pos.collateral) * t.tokenScale) + pnl - int256(ceilDiv(n * t.closeFeeBps, BPS));
            if (q <= 0) return false;
            // The profit above the reserve (wad), given up by closing: reserve * scale < 2**188, pnl < 2**224.
            int256 excess = pnl - int256(uint256(pos.reserve) * t.tokenScale);
            (uint256 x, uint256 closed, uint256 cn, uint256 kf) = closedPart(
                t, s, n, t.targetMarginBps * n - uint256(q) * BPS, excess > 0 ? uint256(excess) * BPS : 0
            );
            if (closed == 0 || s - closed < t.minSize) return false;
            int256 rp =
                realizedPnl(closed, pos.entryPrice, t.price, pos.isLong, uint256(pos.reserve) * closed / s, t.tokenScale);
            uint256 cf = feeUp(cn, t.closeFeeBps, t.tokenScale);
            uint256 pen = feeUp(cn, t.liquidationPenaltyBps, t.tokenScale);
            int256 newC = int256(uint256(pos.collateral)) + rp - int256(kf + cf + pen);
            if (newC <= 0 || uint256(newC) < t.minCollateral) return false;
            if (
                MarginMath.isLiquidatable(
                    uint256(newC) * t.tokenScale, s - closed, pos.entryPrice, t.price, pos.isLong, m, t.closeFeeBps
                )
            ) return false;
            p.fractionClosed = x;
            p.closedSize = closed;
            p.keeperFee = kf;
            p.penalty = pen;
            p.closeFee = cf;
            p.realizedPnl = rp;
            p.remainingSize = s - closed;
            p.remainingCollateral = uint256(newC);
            return true;
        }
    }

    /// @dev The fraction `x` (wad) of a partial close, the size `closed` it closes (0 if none is smaller than the
    /// whole), its notional `cn` and the keeper fee `kf`. `num` is `t*N - Q` and `excess` the capped-away profit `X`,
    /// both scaled by 1e4.
    function closedPart(Terms memory t, uint256 s, uint256 n, uint256 num, uint256 excess)
        internal
        pure
        returns (uint256 x, uint256 closed, uint256 cn, uint256 kf)
    {
        unchecked {
            // target > fee + penalty (MarketConfig); s * x < 2**156 once x < 1e18; closed * price < 2**224.
            uint256 den = (t.targetMarginBps - t.liquidationFeeBps - t.liquidationPenaltyBps) * n;
            if (den <= excess) return (0, 0, 0, 0);
            x = Math.mulDiv(num, WAD, den - excess, Math.Rounding.Ceil);
            if (x >= WAD) return (0, 0, 0, 0);
            closed = ceilDiv(s * x, WAD);
            if (closed >= s) return (0, 0, 0, 0);
            cn = closed * t.price / WAD;
            kf = keeperFee(t, cn);
            if (kf <= cn * t.liquidationFeeBps / (BPS * t.tokenScale)) return (x, closed, cn, kf);
            // The floor raised the fee: the fee is fixed, so only the penalty scales with x.
            den = (t.targetMarginBps - t.liquidationPenaltyBps) * n;
            if (den <= excess) return (0, 0, 0, 0);
            x = Math.mulDiv(num + kf * t.tokenScale * BPS, WAD, den - excess, Math.Rounding.Ceil);
            if (x >= WAD) return (0, 0, 0, 0);
            closed = ceilDiv(s * x, WAD);
            if (closed >= s) return (0, 0, 0, 0);
            cn = closed * t.price / WAD;
            kf = keeperFee(t, cn);
        }
    }

    /// @dev The reserve a position keeps: at most `collateral * profitCap`, and never more than its entry notional in
    /// token units (all a short can ever win is `size * entry`; a long's profit is capped at a doubling of its entry
    /// notional), both rounded down. The notional bound is what keeps a tiny position from reserving the pool.
    function reserveFor(uint256 size, uint256 entryPrice, uint256 collateral, uint256 profitCapBps, uint256 scale)
        internal
        pure
        returns (uint256)
    {
        unchecked {
            // size, entryPrice < 2**96; collateral < 2**128 and profitCapBps < 2**24.
            uint256 byCollateral = collateral * profitCapBps / BPS;
            uint256 byNotional = size * entryPrice / WAD / scale;
            return byCollateral < byNotional ? byCollateral : byNotional;
        }
    }

    /// @dev The full close, overwriting any partial close in `p`: realise all PnL (profit capped at the
    /// reserve); from the collateral pay the keeper first (so a keeper is always paid), then the pool (loss), the
    /// close fee, the penalty, and the rest to the owner. A loss the collateral cannot pay is bad debt, and then fee
    /// and penalty are waived.
    function fullClose(IVaultTypes.Position memory pos, Terms memory t, IVaultTypes.LiquidationPreview memory p)
        internal
        pure
    {
        // Stored sizes and checked prices keep every product below 2**256 (library header); `r` only shrinks by what
        // `min` allows.
        uint256 s = pos.size;
        uint256 c = pos.collateral;
        p.full = true;
        p.fractionClosed = WAD;
        p.closedSize = s;
        p.remainingSize = 0;
        p.remainingCollateral = 0;
        uint256 n;
        unchecked {
            n = s * t.price / WAD;
        }
        int256 rp = realizedPnl(s, pos.entryPrice, t.price, pos.isLong, pos.reserve, t.tokenScale);
        p.realizedPnl = rp;
        uint256 kf = Math.min(keeperFee(t, n), c);
        p.keeperFee = kf;
        int256 rest = int256(c) + rp - int256(kf);
        if (rest < 0) {
            p.badDebt = uint256(-rest);
            p.closeFee = 0;
            p.penalty = 0;
            return;
        }
        uint256 r = uint256(rest);
        uint256 cf = Math.min(feeUp(n, t.closeFeeBps, t.tokenScale), r);
        r -= cf;
        uint256 pen = Math.min(feeUp(n, t.liquidationPenaltyBps, t.tokenScale), r);
        p.closeFee = cf;
        p.penalty = pen;
        p.ownerRemainder = r - pen;
    }

    /// @dev Keeper fee `f * closedNotional` rounded down (paid to the caller), clamped to [floor, cap].
    function keeperFee(Terms memory t, uint256 closedNotionalWad) internal pure returns (uint256 fee) {
        unchecked {
            // closedNotionalWad < 2**224, liquidationFeeBps < 2**16.
            fee = closedNotionalWad * t.liquidationFeeBps / (BPS * t.tokenScale);
        }
        if (fee < t.keeperFeeFloor) return t.keeperFeeFloor;
        if (fee > t.keeperFeeCap) return t.keeperFeeCap;
    }

    /// @dev Realised PnL of `s` units in token units: gains rounded down and capped at `cap`, losses rounded up.
    function realizedPnl(uint256 s, uint256 e, uint256 price, bool isLong, uint256 cap, uint256 scale)
        internal
        pure
        returns (int256 pnl)
    {
        pnl = MarginMath.pnlToToken(pnlWad(s, e, price, isLong), scale);
        if (pnl > int256(cap)) return int256(cap);
    }

    /// @dev `MarginMath.pnlWad` for stored sizes and checked prices: gains round down, losses round up.
    function pnlWad(uint256 s, uint256 e, uint256 price, bool isLong) internal pure returns (int256) {
        unchecked {
            // s < 2**96 and |price - e| < 2**128: the product is below 2**224.
            if (isLong ? price >= e : e >= price) return int256(s * (price > e ? price - e : e - price) / WAD);
            return -int256(ceilDiv(s * (price > e ? price - e : e - price), WAD));
        }
    }

    /// @dev Fee of `bps` on a wad notional, in token units, rounded up (paid by the trader).
    function feeUp(uint256 notionalWad, uint256 bps, uint256 scale) internal pure returns (uint256) {
        unchecked {
            // notionalWad < 2**224, bps < 2**16.
            return ceilDiv(notionalWad * bps, BPS * scale);
        }
    }

    /// @dev `ceil(a / b)` for `b > 0`.
    function ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            return a / b + (a % b == 0 ? 0 : 1);
        }
    }
}
