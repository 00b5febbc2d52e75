// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVaultTypes} from "../interfaces/IVaultTypes.sol";
import {OracleLib} from "../libraries/OracleLib.sol";
import {LiquidationMath} from "../libraries/LiquidationMath.sol";
import {SideMark} from "../libraries/SideMark.sol";

/// @title PackedMarkets
/// @author Vaults
/// @notice The factory's copy of every market's parameters (pushed by `MarketConfig` on each change), the
/// aggregates of each market side's open positions (what the pool marks to market), and the price read every flow
/// starts with.
/// @dev Cold storage reads dominate a liquidation's cost, so the layout follows the flows. A liquidation reads the
/// three parameter slots 0-2 and reads and writes its side's aggregate slot (3 for longs, 4 for shorts); opening and
/// increasing read slots 0, 2 and 5 and the side; closing slots 0 and 2, decreasing 0, 2 and 5, removing margin 0, 2
/// and 5, each with the side. The narrower widths hold every value within `MarketConfig`'s hard bounds (the
/// configuration packs the words with checked casts, `MarketPacking`). The L2 sequencer feed is chain-wide: one slot, read only by markets whose
/// `sequencerCheck` is on, which also counts the markets (for valuing the pool).
abstract contract PackedMarkets is IVaultTypes {
    /// @notice The market id is unknown (never pushed by the configuration).
    error UnknownMarket(uint256 marketId);
    /// @notice Open interest of the side would exceed the market cap.
    error OpenInterestCapExceeded(uint256 openInterest, uint256 cap);
    /// @notice A side's aggregate would leave its storage width (an entry notional above 2**160, a collateral or
    /// reserve sum above 2**128): far beyond any real market, refused rather than wrapped.
    error SideTotalsOverflow();

    /// @dev Slot 0: the feed and the fees, read by every flow.
    struct PriceAndFees {
        address feed;
        uint24 heartbeat;
        uint16 maxDeviationBps;
        uint8 feedDecimals;
        uint16 closeFeeBps;
        uint16 liquidationFeeBps;
        uint16 liquidationPenaltyBps;
    }

    /// @dev Slot 1: what only a liquidation (and the liquidation price) needs. The profit cap is kept here in whole
    /// percent (the configuration accepts only whole percents) so a partial liquidation can re-size the reserve
    /// without reading the trading slot.
    struct MarginTiers {
        uint16 maintenance0;
        uint16 maintenance1;
        uint16 maintenance2;
        uint16 maintenance3;
        uint32 tier1;
        uint32 tier2;
        uint32 tier3;
        uint16 targetMarginBps;
        uint64 keeperFeeFloor;
        uint16 profitCapPercent;
    }

    /// @dev Slot 2: limits and status that trading and liquidations share.
    struct Limits {
        uint72 keeperFeeCap;
        uint96 minSize;
        uint72 minCollateral;
        bool sequencerCheck;
        bool paused;
    }

    /// @dev One slot per market side: the side's size PLUS ONE (its open interest, exact, 18 decimals; the sentinel is set
    /// at the market's first sync, so the slot never returns to zero and no open pays a zero-to-non-zero write), and three
    /// sums the pool marks to market, in milli-units of quote value (1e15 wad): entry notional, collateral and reserve.
    /// Each position adds a term computed from its own stored values (`_sideTerms`) and every flow removes exactly the
    /// term it added, so each sum is exact as the sum of its terms; a term is within one milli-unit of the value it
    /// stands for, rounded so that the pool's liability is never understated (a long's entry notional and the collateral
    /// down, a short's entry notional and the reserve up). One slot keeps a liquidation within one cold slot of what it
    /// read before the pool was marked to market. The widths hold 1.8e16 quote units of entry notional and 2.8e11 of
    /// collateral or reserve per side; a flow that would pass them reverts (`SideTotalsOverflow`).
    struct Side {
        uint96 sizePlusOne;
        uint64 entryNotional;
        uint48 collateral;
        uint48 reserve;
    }

    /// @dev Slot 5: what only opening, margin and size changes need.
    struct TradingLimits {
        uint96 maxOpenInterest;
        uint16 initialMarginBps;
        uint16 openFeeBps;
        uint24 profitCapBps;
    }

    struct PackedMarket {
        PriceAndFees priceAndFees;
        MarginTiers tiers;
        Limits limits;
        Side long;
        Side short;
        TradingLimits trading;
    }

    /// @dev The L2 sequencer uptime feed (chain-wide), its grace period, and the number of markets synced.
    struct Sequencer {
        address feed;
        uint24 gracePeriod;
        uint16 marketCount;
    }

    mapping(uint256 marketId => PackedMarket) internal _markets;
    Sequencer private _sequencer;

    // --- Storing ---

    /// @dev Stores a market's words as the configuration packed them (`MarketPacking.pack`: slots 0, 1, 2 and 5 and
    /// the sequencer word), keeping the side aggregates. The first store of a market sets its sides' sentinels, so the
    /// first open pays no zero-to-non-zero write; the market count grows to cover `marketId`.
    function _storeMarket(uint256 marketId, uint256[5] calldata w) internal {
        PackedMarket storage m = _markets[marketId];
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let slot := m.slot
            sstore(slot, calldataload(w))
            sstore(add(slot, 1), calldataload(add(w, 0x20)))
            sstore(add(slot, 2), calldataload(add(w, 0x40)))
            sstore(add(slot, 5), calldataload(add(w, 0x60)))
        }
        if (m.long.sizePlusOne == 0) {
            m.long.sizePlusOne = 1;
            m.short.sizePlusOne = 1;
        }
        uint256 count = _sequencer.marketCount;
        if (marketId >= count) count = marketId + 1;
        // Sequencer: feed (bits 0-159) and grace period (160-183) from the configuration, the count in 184-199.
        uint256 sequencerWord = uint184(w[4]) | (uint256(uint16(count)) << 184);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(_sequencer.slot, sequencerWord)
        }
    }

    // --- Side aggregates ---

    /// @dev Milli-units of quote value, in wad: the unit of a side's sums.
    uint256 internal constant _SIDE_UNIT = 1e15;

    /// @dev A position's terms of its side's aggregates, packed as the side's slot (size in bits 0-95, entry notional
    /// 96-159, collateral 160-207, reserve 208-255); `scale` converts token units to wad. Reverts when a term leaves its
    /// width (a position of more than 1.8e16 quote units of notional or 2.8e11 of collateral).
    function _sideTerms(uint256 size, uint256 entryPrice, uint256 collateral, uint256 reserve, bool isLong, uint256 scale)
        internal
        pure
        returns (uint256)
    {
        unchecked {
            // size, entryPrice < 2**96; collateral, reserve < 2**128 and scale <= 1e18.
            uint256 notional = size * entryPrice;
            uint256 unit = _SIDE_UNIT * 1e18;
            uint256 en = isLong ? notional / unit : (notional + unit - 1) / unit;
            uint256 c = collateral * scale / _SIDE_UNIT; // as `VaultFactory._addMargin` computes it
            uint256 r = (reserve * scale + _SIDE_UNIT - 1) / _SIDE_UNIT;
            if (en > type(uint64).max || c > type(uint48).max || r > type(uint48).max) revert SideTotalsOverflow();
            return size | (en << 96) | (c << 160) | (r << 208);
        }
    }

    /// @dev Replaces a position's `removed` terms by its `added` ones (see `_sideTerms`) in its side's slot, with one
    /// read and one write; reverts when the side's size grows above `maxOpenInterest` (flows that reduce risk pass
    /// `type(uint256).max`) and when a sum would leave its width. A sum never falls below zero: it is the sum of the
    /// open positions' own terms (and a wrap would fail the width check).
    /// Returns the side's slot before and after (for `_sideClaimWad`).
    function _updateSide(uint256 marketId, bool isLong, uint256 removed, uint256 added, uint256 maxOpenInterest)
        internal
        returns (uint256 before, uint256 afterwards)
    {
        PackedMarket storage m = _markets[marketId];
        Side storage side = isLong ? m.long : m.short;
        uint256 w;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            w := sload(side.slot)
        }
        uint256 sizePlusOne;
        uint256 en;
        uint256 c;
        uint256 r;
        unchecked {
            // Each field is below 2**96 and each term within its field, so the sums cannot overflow 256 bits; a removal
            // below zero would wrap to a huge value, which the width checks below refuse.
            sizePlusOne = uint96(w) + uint96(added) - uint96(removed);
            en = uint64(w >> 96) + uint64(added >> 96) - uint64(removed >> 96);
            c = uint48(w >> 160) + uint48(added >> 160) - uint48(removed >> 160);
            r = (w >> 208) + (added >> 208) - (removed >> 208);
        }
        if (sizePlusOne > type(uint96).max || en > type(uint64).max || c > type(uint48).max || r > type(uint48).max) {
            revert SideTotalsOverflow();
        }
        if (uint96(added) > uint96(removed) && sizePlusOne - 1 > maxOpenInterest) {
            revert OpenInterestCapExceeded(sizePlusOne - 1, maxOpenInterest);
        }
        before = w;
        afterwards = sizePlusOne | (en << 96) | (c << 160) | (r << 208);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(side.slot, afterwards)
        }
    }

    /// @dev How far a side's mark fell from slot `before` to slot `afterwards` (as `_updateSide` returns them) at
    /// `price`, wad: the fall of the traders' claim on the pool.
    function _markMove(uint256 before, uint256 afterwards, uint256 price, bool isLong, uint256 closeFeeBps)
        internal
        pure
        returns (int256)
    {
        return _sideClaimWad(before, price, isLong, closeFeeBps) - _sideClaimWad(afterwards, price, isLong, closeFeeBps);
    }

    /// @dev The side's mark (`SideMark.claimWad`) from its slot `w` at `price`.
    function _sideClaimWad(uint256 w, uint256 price, bool isLong, uint256 closeFeeBps) private pure returns (int256) {
        unchecked {
            // A synced side's slot holds size + 1 >= 1 (see `Side`); the sums are below 2**64 milli-units.
            return SideMark.claimWad(
                uint96(w) - 1,
                uint64(w >> 96) * _SIDE_UNIT,
                uint48(w >> 160) * _SIDE_UNIT,
                (w >> 208) * _SIDE_UNIT,
                price,
                isLong,
                closeFeeBps
            );
        }
    }

    /// @dev One side's aggregates in wad (the sums' milli-units scaled up), without the sentinel; zeros for a market
    /// never synced.
    function _sideTotals(uint256 marketId, bool isLong) internal view returns (SideTotals memory totals) {
        Side memory side = isLong ? _markets[marketId].long : _markets[marketId].short;
        if (side.sizePlusOne == 0) return totals;
        totals.size = side.sizePlusOne - 1;
        totals.entryNotional = uint256(side.entryNotional) * _SIDE_UNIT;
        totals.collateral = uint256(side.collateral) * _SIDE_UNIT;
        totals.reserve = uint256(side.reserve) * _SIDE_UNIT;
    }

    /// @dev Number of markets synced (ids 0 .. count - 1).
    function _marketCount() internal view returns (uint256) {
        return _sequencer.marketCount;
    }

    // --- Loading ---

    /// @dev Slot 0 of a market; reverts for a market never synced.
    function _priceAndFees(uint256 marketId) internal view returns (PriceAndFees memory f) {
        f = _markets[marketId].priceAndFees;
        if (f.feed == address(0)) revert UnknownMarket(marketId);
    }

    /// @dev The checked oracle price (18 decimals) for a flow that removes risk: no circuit breaker.
    function _latestPrice(PriceAndFees memory f, bool sequencerCheck) internal view returns (uint256) {
        (address sequencerFeed, uint256 sequencerGrace) = _sequencerIf(sequencerCheck);
        return OracleLib.readLatest(f.feed, f.heartbeat, f.feedDecimals, sequencerFeed, sequencerGrace);
    }

    /// @dev The checked oracle price (18 decimals) for a flow that adds risk: with the circuit breaker.
    function _guardedPrice(PriceAndFees memory f, bool sequencerCheck) internal view returns (uint256) {
        (address sequencerFeed, uint256 sequencerGrace) = _sequencerIf(sequencerCheck);
        return OracleLib.readGuarded(
            f.feed, f.heartbeat, f.maxDeviationBps, f.feedDecimals, sequencerFeed, sequencerGrace
        );
    }

    /// @dev Everything a liquidation needs of a market at the current price (no circuit breaker: a real move is
    /// exactly when liquidations must run). Liquidations are the hot path, so slots 0-2 are read as words and decoded
    /// here (copying the structs to memory and then into `t` costs about 2,000 gas more); the bit positions are the
    /// structs' declaration order from the low bits, as Solidity packs them.
    function _liquidationTerms(uint256 marketId, uint256 tokenScale)
        internal
        view
        returns (LiquidationMath.Terms memory t)
    {
        PackedMarket storage m = _markets[marketId];
        uint256 w0; // PriceAndFees
        uint256 w1; // MarginTiers
        uint256 w2; // Limits
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let slot := m.slot
            w0 := sload(slot)
            w1 := sload(add(slot, 1))
            w2 := sload(add(slot, 2))
        }
        address feed = address(uint160(w0));
        if (feed == address(0)) revert UnknownMarket(marketId);
        (address sequencerFeed, uint256 sequencerGrace) = _sequencerIf(uint8(w2 >> 240) != 0); // sequencerCheck
        t.price = OracleLib.readLatest(feed, uint24(w0 >> 160), uint8(w0 >> 200), sequencerFeed, sequencerGrace);
        t.tokenScale = tokenScale;
        t.closeFeeBps = uint16(w0 >> 208);
        t.liquidationFeeBps = uint16(w0 >> 224);
        t.liquidationPenaltyBps = uint16(w0 >> 240);
        _setTiers(t, w1);
        t.keeperFeeCap = uint72(w2);
        t.minSize = uint96(w2 >> 72);
        t.minCollateral = uint72(w2 >> 168);
    }

    /// @dev The maintenance tiers and close fee of a market, with no price (for the liquidation price view).
    function _tierTerms(uint256 marketId) internal view returns (LiquidationMath.Terms memory t) {
        t.closeFeeBps = _priceAndFees(marketId).closeFeeBps;
        PackedMarket storage m = _markets[marketId];
        uint256 w1;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            w1 := sload(add(m.slot, 1))
        }
        _setTiers(t, w1);
    }

    /// @dev The chain-wide sequencer feed if the market checks it, else none (and no storage read).
    function _sequencerIf(bool sequencerCheck) internal view returns (address feed, uint256 gracePeriod) {
        if (sequencerCheck) (feed, gracePeriod) = (_sequencer.feed, _sequencer.gracePeriod);
    }

    /// @dev The MarginTiers word decoded into `t`; `Terms` keeps the maintenance ratios and thresholds packed as the
    /// slot holds them.
    function _setTiers(LiquidationMath.Terms memory t, uint256 w1) private pure {
        t.maintenance = uint64(w1); // maintenance0..3, 16 bits each
        t.tiers = uint96(w1 >> 64); // tier1..3, 32 bits each
        t.targetMarginBps = uint16(w1 >> 160);
        t.keeperFeeFloor = uint64(w1 >> 176);
        t.profitCapBps = uint256(uint16(w1 >> 240)) * 100; // profitCapPercent
    }

    /// @dev `a + d` for a signed `d`, checked (reverts below zero).
    function _plus(uint256 a, int256 d) private pure returns (uint256) {
        return d >= 0 ? a + uint256(d) : a - uint256(-d);
    }
}
