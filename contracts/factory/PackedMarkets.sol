// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IVaultTypes} from "../interfaces/IVaultTypes.sol";
import {OracleLib} from "../libraries/OracleLib.sol";
import {LiquidationMath} from "../libraries/LiquidationMath.sol";

/// @title PackedMarkets
/// @author Vaults
/// @notice The factory's copy of every market's parameters (pushed by `MarketConfig` on each change) and the
/// market's open interest, packed in five storage slots grouped by who reads them, and the price read every flow
/// starts with.
/// @dev Cold storage reads dominate a liquidation's cost, so the layout follows the flows: a liquidation (partial or
/// full) reads slots 0-3 and writes slot 3 (open interest); opening and increasing read slots 0, 2, 3 and 4;
/// decreasing and closing slots 0, 2 and 3; removing margin slots 0, 2 and 4. Open interest lives in slot 3 next to
/// the grace-period fields, so a liquidation updates it without touching a slot of its own. The narrower widths
/// hold every value within `MarketConfig`'s hard bounds (the sync casts with checks). The L2 sequencer feed is
/// chain-wide: one slot, read only by markets whose `sequencerCheck` is on.
abstract contract PackedMarkets is IVaultTypes {
    using SafeCast for uint256;

    /// @notice The market id is unknown (never pushed by the configuration).
    error UnknownMarket(uint256 marketId);
    /// @notice Open interest of the side would exceed the market cap.
    error OpenInterestCapExceeded(uint256 openInterest, uint256 cap);

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

    /// @dev Slot 1: what only a liquidation (and the liquidation price) needs.
    struct MarginTiers {
        uint16 maintenance0;
        uint16 maintenance1;
        uint16 maintenance2;
        uint16 maintenance3;
        uint32 tier1;
        uint32 tier2;
        uint32 tier3;
        uint16 targetMarginBps;
        uint72 keeperFeeFloor;
    }

    /// @dev Slot 2: limits and status that trading and liquidations share.
    struct Limits {
        uint72 keeperFeeCap;
        uint96 minSize;
        uint72 minCollateral;
        bool sequencerCheck;
        bool paused;
    }

    /// @dev Slot 3: open interest per side PLUS ONE (from the market's first sync, so the slot never returns to zero
    /// and no open pays a zero-to-non-zero write), and the liquidation grace period after an unpause.
    struct OpenInterestAndGrace {
        uint96 longPlusOne;
        uint96 shortPlusOne;
        uint32 liquidationsResumeAt;
        uint24 gracePeriod;
    }

    /// @dev Slot 4: what only opening, margin and size changes need.
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
        OpenInterestAndGrace book;
        TradingLimits trading;
    }

    /// @dev The L2 sequencer uptime feed (chain-wide) and its grace period.
    struct Sequencer {
        address feed;
        uint24 gracePeriod;
    }

    mapping(uint256 marketId => PackedMarket) internal _markets;
    Sequencer private _sequencer;

    // --- Storing ---

    /// @dev Packs a market pushed by the configuration, keeping its open interest; reads the feed's decimals once
    /// (reverts above 18).
    function _storeMarket(uint256 marketId, MarketParams calldata p, MarketState calldata st) internal {
        PackedMarket storage m = _markets[marketId];
        m.priceAndFees = PriceAndFees({
            feed: p.feed,
            heartbeat: uint256(p.heartbeat).toUint24(),
            maxDeviationBps: p.maxDeviationBps,
            feedDecimals: OracleLib.checkedDecimals(p.feed),
            closeFeeBps: p.closeFeeBps,
            liquidationFeeBps: p.liquidationFeeBps,
            liquidationPenaltyBps: p.liquidationPenaltyBps
        });
        m.tiers = MarginTiers({
            maintenance0: p.maintenanceMarginBps[0],
            maintenance1: p.maintenanceMarginBps[1],
            maintenance2: p.maintenanceMarginBps[2],
            maintenance3: p.maintenanceMarginBps[3],
            tier1: uint256(p.tierThresholds[0]).toUint32(),
            tier2: uint256(p.tierThresholds[1]).toUint32(),
            tier3: uint256(p.tierThresholds[2]).toUint32(),
            targetMarginBps: p.targetMarginBps,
            keeperFeeFloor: uint256(p.keeperFeeFloor).toUint72()
        });
        m.limits = Limits({
            keeperFeeCap: uint256(p.keeperFeeCap).toUint72(),
            minSize: p.minSize,
            minCollateral: uint256(p.minCollateral).toUint72(),
            sequencerCheck: st.sequencerFeed != address(0),
            paused: st.paused
        });
        OpenInterestAndGrace storage b = m.book;
        if (b.longPlusOne == 0) {
            b.longPlusOne = 1;
            b.shortPlusOne = 1;
        }
        b.liquidationsResumeAt = uint256(st.liquidationsResumeAt).toUint32();
        b.gracePeriod = uint256(p.gracePeriod).toUint24();
        m.trading = TradingLimits({
            maxOpenInterest: uint256(p.maxOpenInterest).toUint96(),
            initialMarginBps: p.initialMarginBps,
            openFeeBps: p.openFeeBps,
            profitCapBps: uint256(p.profitCapBps).toUint24()
        });
        _sequencer = Sequencer({feed: st.sequencerFeed, gracePeriod: uint256(st.sequencerGracePeriod).toUint24()});
    }

    // --- Open interest ---

    /// @dev Adds `size` to a side; reverts above the market's cap.
    function _addOpenInterest(uint256 marketId, uint256 maxOpenInterest, bool isLong, uint256 size) internal {
        OpenInterestAndGrace storage b = _markets[marketId].book;
        uint256 next = (isLong ? b.longPlusOne : b.shortPlusOne) + size - 1;
        if (next > maxOpenInterest) revert OpenInterestCapExceeded(next, maxOpenInterest);
        // next <= maxOpenInterest < 2**96 (MarketConfig's bound), so next + 1 fits.
        if (isLong) b.longPlusOne = uint96(next + 1);
        else b.shortPlusOne = uint96(next + 1);
    }

    /// @dev Removes `size` from a side (checked: never below the sentinel).
    function _subOpenInterest(uint256 marketId, bool isLong, uint256 size) internal {
        OpenInterestAndGrace storage b = _markets[marketId].book;
        if (isLong) b.longPlusOne -= uint96(size);
        else b.shortPlusOne -= uint96(size);
    }

    // --- Loading ---

    /// @dev Slot 0 of a market; reverts for a market never synced.
    function _priceAndFees(uint256 marketId) internal view returns (PriceAndFees memory f) {
        f = _markets[marketId].priceAndFees;
        if (f.feed == address(0)) revert UnknownMarket(marketId);
    }

    /// @dev The checked oracle price (18 decimals) and the oracle's recovery time (0 if none).
    function _readPrice(PriceAndFees memory f, bool sequencerCheck)
        internal
        view
        returns (uint256 price, uint256 recoveredAt)
    {
        (address sequencerFeed, uint256 sequencerGrace) = _sequencerIf(sequencerCheck);
        return OracleLib.read(f.feed, f.heartbeat, f.maxDeviationBps, f.feedDecimals, sequencerFeed, sequencerGrace);
    }

    /// @dev Everything a liquidation needs of a market at the current price, and the time until which liquidations
    /// are suspended (0 if allowed now): after an unpause or an oracle recovery, the market's grace period.
    /// Liquidations are the hot path, so slots 0-3 are read as words and decoded here (copying the four structs to
    /// memory and then into `t` costs about 2,000 gas more); the bit positions are the structs' declaration order
    /// from the low bits, as Solidity packs them.
    function _liquidationTerms(uint256 marketId, uint256 tokenScale)
        internal
        view
        returns (LiquidationMath.Terms memory t, uint256 suspendedUntil)
    {
        PackedMarket storage m = _markets[marketId];
        uint256 w0; // PriceAndFees
        uint256 w1; // MarginTiers
        uint256 w2; // Limits
        uint256 w3; // OpenInterestAndGrace
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let slot := m.slot
            w0 := sload(slot)
            w1 := sload(add(slot, 1))
            w2 := sload(add(slot, 2))
            w3 := sload(add(slot, 3))
        }
        address feed = address(uint160(w0));
        if (feed == address(0)) revert UnknownMarket(marketId);
        (address sequencerFeed, uint256 sequencerGrace) = _sequencerIf(uint8(w2 >> 240) != 0); // sequencerCheck
        (uint256 price, uint256 recoveredAt) = OracleLib.read(
            feed, uint24(w0 >> 160), uint16(w0 >> 184), uint8(w0 >> 200), sequencerFeed, sequencerGrace
        );
        t.price = price;
        t.tokenScale = tokenScale;
        t.closeFeeBps = uint16(w0 >> 208);
        t.liquidationFeeBps = uint16(w0 >> 224);
        t.liquidationPenaltyBps = uint16(w0 >> 240);
        _setTiers(t, w1);
        t.keeperFeeCap = uint72(w2);
        t.minSize = uint96(w2 >> 72);
        t.minCollateral = uint72(w2 >> 168);
        suspendedUntil = uint32(w3 >> 192); // liquidationsResumeAt
        if (recoveredAt != 0) {
            uint256 graceEnd = recoveredAt + uint24(w3 >> 224); // gracePeriod
            if (graceEnd > suspendedUntil) suspendedUntil = graceEnd;
        }
        if (suspendedUntil <= block.timestamp) suspendedUntil = 0;
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
    function _sequencerIf(bool sequencerCheck) private view returns (address feed, uint256 gracePeriod) {
        if (sequencerCheck) (feed, gracePeriod) = (_sequencer.feed, _sequencer.gracePeriod);
    }

    /// @dev The MarginTiers word decoded into `t`; `Terms` keeps the maintenance ratios and thresholds packed as the
    /// slot holds them.
    function _setTiers(LiquidationMath.Terms memory t, uint256 w1) private pure {
        t.maintenance = uint64(w1); // maintenance0..3, 16 bits each
        t.tiers = uint96(w1 >> 64); // tier1..3, 32 bits each
        t.targetMarginBps = uint16(w1 >> 160);
        t.keeperFeeFloor = uint72(w1 >> 176);
    }
}
