// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title MarginReference
/// @notice An independent model of the margin rules, written from the README's and DESIGN's formulas (section 3), not
/// from the contracts' libraries: every check and every token amount an action must produce. The fuzz tests and the
/// invariant campaign compare the contracts to it. All the rules live in this one file, so a rule change in
/// `contracts/` is one edit here.
/// @dev Units: sizes and prices are 18-decimal ("wad"); collateral, fees and PnL in token units; `scale` =
/// 10**(18 - token decimals); ratios in basis points. Rounding: every amount the trader pays or is required to hold is
/// rounded up, every amount paid to the trader down ("against the party who triggers it"), each spelled out below. The
/// only borrowed helper is OpenZeppelin's 512-bit `mulDiv` (a dependency, not a Vaults library).
library MarginReference {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant BPS = 1e4;

    /// @notice A market's rules, in the units above.
    struct Market {
        uint256 scale;
        uint256 initialBps;
        uint256 openFeeBps;
        uint256 closeFeeBps;
        uint256 liquidationFeeBps;
        uint256 penaltyBps;
        uint256 targetBps;
        uint256 profitCapBps;
        uint256[4] maintenanceBps;
        uint256[3] tierThresholds; // entry notional in whole quote units where tiers 1..3 start
        uint256 keeperFeeFloor;
        uint256 keeperFeeCap;
        uint256 minSize;
        uint256 minCollateral;
    }

    /// @notice One open position.
    struct Pos {
        bool isLong;
        uint256 size;
        uint256 entry;
        uint256 collateral;
        uint256 reserve;
    }

    /// @notice What a liquidation must do.
    struct Liquidation {
        bool liquidatable;
        bool full;
        uint256 closedSize;
        uint256 keeperFee;
        uint256 closeFee;
        uint256 penalty;
        int256 realizedPnl;
        uint256 ownerRemainder;
        uint256 badDebt;
        uint256 remainingSize;
        uint256 remainingCollateral;
        uint256 releasedReserve;
    }

    /// @notice What an owner's close must do.
    struct Close {
        int256 realizedPnl;
        uint256 fee;
        uint256 payout;
        uint256 badDebt;
    }

    // --- Basic quantities ---

    function divUp(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    /// @dev Notional N = s * P in wad, rounded up (what the trader must margin or pay fees on).
    function notionalUp(uint256 s, uint256 p) internal pure returns (uint256) {
        return divUp(s * p, WAD);
    }

    /// @dev Notional rounded down (the base of what is paid to a keeper).
    function notionalDown(uint256 s, uint256 p) internal pure returns (uint256) {
        return s * p / WAD;
    }

    /// @dev The notional a liquidation's close fee and penalty are charged on. The rule says rounded up (the trader
    /// pays them), as `close` and `decrease` do; the contracts use the closed notional rounded DOWN (the keeper fee's
    /// base) for all three, so these two fees can be one token unit below the ceiling of the exact fee whenever
    /// `size * price` is not a multiple of 1e18 (found by this suite, reported in the README). The model follows the
    /// contracts here, in this one place, so that every other amount is still compared to the unit.
    function liquidationFeeBase(uint256 s, uint256 p) internal pure returns (uint256) {
        return notionalDown(s, p);
    }

    /// @dev PnL in wad: long s*(P - E0), short s*(E0 - P); a gain rounded down, a loss rounded up in magnitude.
    function pnlWad(bool isLong, uint256 s, uint256 e, uint256 p) internal pure returns (int256) {
        bool up = p >= e;
        uint256 move = up ? p - e : e - p;
        if (up == isLong) return int256(s * move / WAD);
        return -int256(divUp(s * move, WAD));
    }

    /// @dev A wad amount in token units: a gain rounded down, a loss rounded up in magnitude.
    function toToken(int256 w, uint256 scale) internal pure returns (int256) {
        return w >= 0 ? int256(uint256(w) / scale) : -int256(divUp(uint256(-w), scale));
    }

    /// @dev A fee of `bps` on a wad notional, in token units, rounded up (the trader pays it).
    function fee(uint256 notionalWad, uint256 bps, uint256 scale) internal pure returns (uint256) {
        return divUp(notionalWad * bps, BPS * scale);
    }

    /// @dev PnL realised on `s` units in token units, a profit capped at what the pool reserved for them.
    function realized(bool isLong, uint256 s, uint256 e, uint256 p, uint256 cap, uint256 scale)
        internal
        pure
        returns (int256 r)
    {
        r = toToken(pnlWad(isLong, s, e, p), scale);
        if (r > int256(cap)) r = int256(cap);
    }

    /// @dev The pool reserves the most a position can actually win (it is also the cap on the profit paid): its profit
    /// cap, a multiple of its collateral, and never more than its entry notional (all a short can win is size x entry;
    /// a long is capped at a doubling), both in token units rounded down. A collateral multiple alone would let a
    /// tiny position with a large collateral lock the pool.
    function reserveFor(Market memory m, uint256 s, uint256 e, uint256 collateral) internal pure returns (uint256) {
        uint256 byCollateral = collateral * m.profitCapBps / BPS;
        uint256 byNotional = s * e / WAD / m.scale;
        return byCollateral < byNotional ? byCollateral : byNotional;
    }

    /// @dev Maintenance ratio of the tier of the ENTRY notional (whole quote units, rounded down).
    function maintenance(Market memory m, uint256 s, uint256 e) internal pure returns (uint256) {
        uint256 whole = s * e / (WAD * WAD);
        uint256 k;
        while (k < 3 && whole >= m.tierThresholds[k]) ++k;
        return m.maintenanceBps[k];
    }

    /// @dev Keeper fee: f times the closed notional (rounded down: paid to the caller), within [floor, cap].
    function keeperFee(Market memory m, uint256 closedNotionalWad) internal pure returns (uint256 k) {
        k = closedNotionalWad * m.liquidationFeeBps / (BPS * m.scale);
        if (k < m.keeperFeeFloor) k = m.keeperFeeFloor;
        if (k > m.keeperFeeCap) k = m.keeperFeeCap;
    }

    // --- Predicates ---

    /// @notice Liquidatable iff Q < m*N with Q = C + PnL - closeFee*N, N = s*P, evaluated exactly (both sides times
    /// 1e22, no rounding anywhere).
    function isLiquidatable(Market memory m, Pos memory pos, uint256 p) internal pure returns (bool) {
        return isLiquidatableRaw(
            pos.collateral * m.scale, pos.size, pos.entry, p, pos.isLong, maintenance(m, pos.size, pos.entry), m.closeFeeBps
        );
    }

    /// @notice The same predicate on raw inputs (collateral already in wad), for the stateless tests.
    function isLiquidatableRaw(uint256 cWad, uint256 s, uint256 e, uint256 p, bool isLong, uint256 mBps, uint256 feeBps)
        internal
        pure
        returns (bool)
    {
        if (s == 0) return false;
        int256 pnlScaled = isLong ? int256(BPS * s * p) - int256(BPS * s * e) : int256(BPS * s * e) - int256(BPS * s * p);
        int256 q = int256(cWad * WAD * BPS) + pnlScaled - int256(feeBps * s * p);
        return q < int256(mBps * s * p);
    }

    /// @notice Opening or increasing needs Q >= (i + closeFee) * N, N rounded up, Q with no fee deducted twice.
    function meetsInitial(Market memory m, int256 equityWad, uint256 s, uint256 p) internal pure returns (bool) {
        if (equityWad < 0) return false;
        return uint256(equityWad) * BPS >= notionalUp(s, p) * (m.initialBps + m.closeFeeBps);
    }

    // --- Actions ---

    /// @notice Whether `openVault` must accept (before the pool-liquidity and open-interest checks), and the open fee.
    function open(Market memory m, uint256 collateral, uint256 s, uint256 p)
        internal
        pure
        returns (bool ok, uint256 openFee, uint256 reserve)
    {
        ok = collateral >= m.minCollateral && s >= m.minSize && collateral != 0 && s != 0
            && meetsInitial(m, int256(collateral * m.scale), s, p);
        openFee = fee(notionalUp(s, p), m.openFeeBps, m.scale);
        reserve = reserveFor(m, s, p, collateral);
    }

    /// @notice The reserve after removing margin: what the smaller collateral can win, never more than before.
    function reserveAfterRemoval(Market memory m, Pos memory pos, uint256 newCollateral) internal pure returns (uint256) {
        return Math.min(pos.reserve, reserveFor(m, pos.size, pos.entry, newCollateral));
    }

    /// @notice Removing margin: C' + min(PnL, 0) - closeFee*N >= i*N (unrealised profit never backs a withdrawal).
    function canRemove(Market memory m, Pos memory pos, uint256 amount, uint256 p) internal pure returns (bool) {
        if (amount == 0 || amount > pos.collateral) return false;
        uint256 newC = pos.collateral - amount;
        if (newC < m.minCollateral) return false;
        int256 pnl = pnlWad(pos.isLong, pos.size, pos.entry, p);
        return meetsInitial(m, int256(newC * m.scale) + (pnl < 0 ? pnl : int256(0)), pos.size, p);
    }

    /// @notice Increasing: the new entry is the size-weighted average, rounded to the trader's disadvantage (up for a
    /// long, down for a short); profit counts up to the new reserve.
    function increase(Market memory m, Pos memory pos, uint256 ds, uint256 dc, uint256 p)
        internal
        pure
        returns (bool ok, Pos memory next, uint256 openFee)
    {
        next.isLong = pos.isLong;
        next.size = pos.size + ds;
        uint256 weighted = pos.size * pos.entry + ds * p;
        next.entry = pos.isLong ? divUp(weighted, next.size) : weighted / next.size;
        next.collateral = pos.collateral + dc;
        next.reserve = reserveFor(m, next.size, next.entry, next.collateral);
        int256 pnl = pnlWad(next.isLong, next.size, next.entry, p);
        int256 cap = int256(next.reserve * m.scale);
        ok = ds != 0 && meetsInitial(m, int256(next.collateral * m.scale) + (pnl > cap ? cap : pnl), next.size, p);
        openFee = fee(notionalUp(ds, p), m.openFeeBps, m.scale);
    }

    /// @notice Decreasing by `ds`: the closed part's PnL (capped at its share of the reserve, rounded down) and its
    /// close fee settle into the collateral; the rest keeps its share of the reserve, re-sized to what it can win now.
    function decrease(Market memory m, Pos memory pos, uint256 ds, uint256 p)
        internal
        pure
        returns (bool ok, Pos memory next, int256 rp, uint256 closeFee)
    {
        if (ds == 0 || ds >= pos.size || pos.size - ds < m.minSize) return (false, next, 0, 0);
        uint256 released = pos.reserve * ds / pos.size;
        rp = realized(pos.isLong, ds, pos.entry, p, released, m.scale);
        closeFee = fee(notionalUp(ds, p), m.closeFeeBps, m.scale);
        int256 newC = int256(pos.collateral) + rp - int256(closeFee);
        ok = newC > 0 && uint256(newC) >= m.minCollateral;
        next = Pos(pos.isLong, pos.size - ds, pos.entry, ok ? uint256(newC) : 0, 0);
        next.reserve = Math.min(pos.reserve - released, reserveFor(m, next.size, next.entry, next.collateral));
    }

    /// @notice The owner's close: realise the capped PnL, pay the close fee out of what is left, the rest to the owner;
    /// a loss beyond the collateral is bad debt and the fee is waived.
    function close(Market memory m, Pos memory pos, uint256 p) internal pure returns (Close memory c) {
        c.realizedPnl = realized(pos.isLong, pos.size, pos.entry, p, pos.reserve, m.scale);
        int256 left = int256(pos.collateral) + c.realizedPnl;
        if (left < 0) {
            c.badDebt = uint256(-left);
            return c;
        }
        c.fee = Math.min(fee(notionalUp(pos.size, p), m.closeFeeBps, m.scale), uint256(left));
        c.payout = uint256(left) - c.fee;
    }

    /// @notice A liquidation: none if healthy; else the smallest partial close that restores the target ratio t,
    /// x = (t*N - Q) / ((t - f - penalty) * N - X) rounded up, X the unrealised profit above the reserve (with a keeper
    /// fee raised to its floor F instead: x = (t*N - Q + F) / ((t - penalty) * N - X)), kept only if what remains is
    /// above the minimums and healthy; else the full close with its waterfall: keeper first, then the pool's loss, the
    /// close fee, the penalty, and the rest stays in the vault for its owner to claim.
    function liquidate(Market memory m, Pos memory pos, uint256 p) internal pure returns (Liquidation memory l) {
        if (!isLiquidatable(m, pos, p)) return l;
        l.liquidatable = true;
        if (_partial(m, pos, p, l)) return l;
        _full(m, pos, p, l);
    }

    function _partial(Market memory m, Pos memory pos, uint256 p, Liquidation memory l) private pure returns (bool) {
        (uint256 closed, uint256 kf) = _partialSize(m, pos, p);
        if (closed == 0 || pos.size - closed < m.minSize) return false;
        l.closedSize = closed;
        l.keeperFee = kf;
        uint256 share = pos.reserve * closed / pos.size;
        l.realizedPnl = realized(pos.isLong, closed, pos.entry, p, share, m.scale);
        l.closeFee = fee(liquidationFeeBase(closed, p), m.closeFeeBps, m.scale);
        l.penalty = fee(liquidationFeeBase(closed, p), m.penaltyBps, m.scale);
        int256 newC = int256(pos.collateral) + l.realizedPnl - int256(kf + l.closeFee + l.penalty);
        if (newC <= 0 || uint256(newC) < m.minCollateral) return false;
        l.remainingSize = pos.size - closed;
        l.remainingCollateral = uint256(newC);
        // The rest keeps its share of the reserve, re-sized to what the smaller position can win now.
        l.releasedReserve =
            pos.reserve - Math.min(pos.reserve - share, reserveFor(m, l.remainingSize, pos.entry, l.remainingCollateral));
        return _remainderHealthy(m, pos, p, l);
    }

    /// @dev What remains must be healthy under the tier of the position being liquidated (the contracts' choice: the
    /// stricter one, since the smaller remainder may fall into a lower tier afterwards).
    function _remainderHealthy(Market memory m, Pos memory pos, uint256 p, Liquidation memory l)
        private
        pure
        returns (bool)
    {
        uint256 tier = maintenance(m, pos.size, pos.entry);
        return !isLiquidatableRaw(
            l.remainingCollateral * m.scale, l.remainingSize, pos.entry, p, pos.isLong, tier, m.closeFeeBps
        );
    }

    /// @dev The partial close's size and keeper fee (size 0: no partial close is smaller than the whole).
    function _partialSize(Market memory m, Pos memory pos, uint256 p) private pure returns (uint256 closed, uint256 kf) {
        uint256 n = notionalUp(pos.size, p);
        int256 q = int256(pos.collateral * m.scale) + pnlWad(pos.isLong, pos.size, pos.entry, p)
            - int256(divUp(n * m.closeFeeBps, BPS));
        if (q <= 0) return (0, 0);
        // Q < m*N <= t*N here, so the shortfall is positive.
        uint256 shortfall = m.targetBps * n - uint256(q) * BPS;
        // Closing realises only the capped profit: each unit of x also gives up the profit above the reserve, X.
        int256 above = pnlWad(pos.isLong, pos.size, pos.entry, p) - int256(pos.reserve * m.scale);
        uint256 x = above > 0 ? uint256(above) * BPS : 0;
        closed = _closedSize(pos.size, shortfall, (m.targetBps - m.liquidationFeeBps - m.penaltyBps) * n, x);
        if (closed == 0) return (0, 0);
        uint256 cn = notionalDown(closed, p);
        kf = keeperFee(m, cn);
        if (kf > cn * m.liquidationFeeBps / (BPS * m.scale)) {
            // The floor binds: the keeper's fee is a fixed amount, only the penalty scales with the closed part.
            closed = _closedSize(pos.size, shortfall + kf * m.scale * BPS, (m.targetBps - m.penaltyBps) * n, x);
            kf = closed == 0 ? 0 : keeperFee(m, notionalDown(closed, p));
        }
    }

    /// @dev ceil(s * x) for x = ceil(num / (den - excess)) as a wad fraction; 0 when x >= 1 or the whole size would
    /// close.
    function _closedSize(uint256 s, uint256 num, uint256 den, uint256 excess) private pure returns (uint256) {
        if (den <= excess) return 0;
        uint256 x = Math.mulDiv(num, WAD, den - excess, Math.Rounding.Ceil);
        if (x >= WAD) return 0;
        uint256 closed = divUp(s * x, WAD);
        return closed >= s ? 0 : closed;
    }

    function _full(Market memory m, Pos memory pos, uint256 p, Liquidation memory l) private pure {
        // Overwrites whatever a rejected partial close left in `l`.
        l.full = true;
        l.remainingSize = 0;
        l.remainingCollateral = 0;
        l.closeFee = 0;
        l.penalty = 0;
        l.ownerRemainder = 0;
        l.closedSize = pos.size;
        l.releasedReserve = pos.reserve;
        uint256 n = notionalDown(pos.size, p);
        l.realizedPnl = realized(pos.isLong, pos.size, pos.entry, p, pos.reserve, m.scale);
        l.keeperFee = Math.min(keeperFee(m, n), pos.collateral);
        int256 rest = int256(pos.collateral) + l.realizedPnl - int256(l.keeperFee);
        if (rest < 0) {
            // Underwater: bad debt, and fee and penalty are waived.
            l.badDebt = uint256(-rest);
            return;
        }
        uint256 r = uint256(rest);
        l.closeFee = Math.min(fee(liquidationFeeBase(pos.size, p), m.closeFeeBps, m.scale), r);
        r -= l.closeFee;
        l.penalty = Math.min(fee(liquidationFeeBase(pos.size, p), m.penaltyBps, m.scale), r);
        l.ownerRemainder = r - l.penalty;
    }

    // --- The pool's mark to market and the settlements against it (issue 10) ---

    /// @notice The unit of a side's sums: a milli-unit of quote value, in wad.
    uint256 internal constant SIDE_UNIT = 1e15;

    /// @notice One market side as the pool marks it, in wad: the exact size, and the sums of every open position's
    /// entry notional, collateral and reserve, each position's term rounded to a milli-unit against the pool (a long's
    /// entry notional and the collateral down, a short's entry notional and the reserve up).
    struct Side {
        uint256 size;
        uint256 entryNotional;
        uint256 collateral;
        uint256 reserve;
    }

    /// @notice Adds an open position's terms to `side`.
    function addTerm(Side memory side, Pos memory pos, uint256 scale) internal pure {
        uint256 en = pos.size * pos.entry;
        side.size += pos.size;
        side.entryNotional += (pos.isLong ? en / (SIDE_UNIT * WAD) : divUp(en, SIDE_UNIT * WAD)) * SIDE_UNIT;
        side.collateral += pos.collateral * scale / SIDE_UNIT * SIDE_UNIT;
        side.reserve += divUp(pos.reserve * scale, SIDE_UNIT) * SIDE_UNIT;
    }

    /// @notice What the side would take from the pool if it were settled at `p` (negative: what it owes the pool),
    /// wad: the side's PnL as a whole (rounded up for the pool's liability), capped at its reserves, less the close fee
    /// owed on its notional (rounded down), never below minus its collateral.
    function sideClaimWad(Market memory m, Side memory side, bool isLong, uint256 p) internal pure returns (int256 c) {
        if (side.size == 0) return 0;
        uint256 n = side.size * p;
        c = isLong ? int256(divUp(n, WAD)) - int256(side.entryNotional) : int256(side.entryNotional) - int256(n / WAD);
        if (c > int256(side.reserve)) c = int256(side.reserve);
        c -= int256(n * m.closeFeeBps / (WAD * BPS));
        if (c < -int256(side.collateral)) c = -int256(side.collateral);
    }

    /// @notice A close, decrease or full liquidation settled against the mark: the LPs' gain is what the pool received
    /// (`poolReceipt`, token units, the penalty left out) plus the fall of the side's claim from `before` to
    /// `afterwards`. The insurance fund is credited a gain (rounded up) and owes a loss of a milli-unit or more
    /// (rounded down); a smaller loss is rounding and stays with the pool. So the LPs' value moves by rounding only.
    function markSettlement(
        Market memory m,
        Side memory before,
        Side memory afterwards,
        bool isLong,
        uint256 p,
        int256 poolReceipt
    ) internal pure returns (uint256 credit, uint256 owed) {
        int256 gain = poolReceipt * int256(m.scale) + sideClaimWad(m, before, isLong, p)
            - sideClaimWad(m, afterwards, isLong, p);
        if (gain >= 0) return (divUp(uint256(gain), m.scale), 0);
        if (uint256(-gain) >= SIDE_UNIT) owed = uint256(-gain) / m.scale;
    }
}
