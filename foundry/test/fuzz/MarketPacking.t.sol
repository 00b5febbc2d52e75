// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";
import {MarketPacking} from "vaults/factory/MarketPacking.sol";
import {PackedMarkets} from "vaults/factory/PackedMarkets.sol";

import {Boundaries} from "./Boundaries.sol";

/// @notice `MarketPacking.pack` (what `MarketConfig` hands the factory, which stores the words as they come) against
/// the compiler's own packing of `PackedMarkets`' structs: a market's parameters assigned field by field to those
/// structs in storage must leave exactly the packed words in slots 0, 1, 2 and 5 and in the sequencer slot, so every
/// reader of the structs (and the hot path's word decoders) sees what the configuration set. Values drawn over each
/// field's whole width.
contract MarketPackingFuzzTest is Boundaries {
    PackedMarkets.PackedMarket internal stored;
    PackedMarkets.Sequencer internal sequencer;

    function testFuzz_pack_equals_the_structs_storage_layout(uint256 seed, address feed, address sequencerFeed, bool paused)
        public
    {
        IVaultTypes.MarketParams memory p = _params(seed, feed);
        IVaultTypes.MarketState memory st;
        st.paused = paused;
        st.sequencerFeed = pickBool(seed >> 1) ? sequencerFeed : address(0);
        st.sequencerGracePeriod = uint32(pick(seed >> 2, 0, type(uint24).max));
        uint8 decimals = uint8(pick(seed >> 3, 0, 18));
        uint256[5] memory w = MarketPacking.pack(p, st, decimals);

        _assignAsStructs(p, st, decimals);
        bytes32 base;
        bytes32 seqSlot;
        assembly {
            base := stored.slot
            seqSlot := sequencer.slot
        }
        assertEq(uint256(vm.load(address(this), base)), w[0], "slot 0: PriceAndFees");
        assertEq(uint256(vm.load(address(this), bytes32(uint256(base) + 1))), w[1], "slot 1: MarginTiers");
        assertEq(uint256(vm.load(address(this), bytes32(uint256(base) + 2))), w[2], "slot 2: Limits");
        assertEq(uint256(vm.load(address(this), bytes32(uint256(base) + 5))), w[3], "slot 5: TradingLimits");
        assertEq(uint256(vm.load(address(this), seqSlot)), w[4], "Sequencer (the count is the factory's)");
    }

    function test_a_value_wider_than_its_field_reverts_rather_than_spilling_into_its_neighbour() public {
        IVaultTypes.MarketParams memory p = _params(7, address(1));
        IVaultTypes.MarketState memory st;
        p.keeperFeeCap = uint128(type(uint72).max) + 1;
        vm.expectRevert();
        this.packExternal(p, st);
    }

    function packExternal(IVaultTypes.MarketParams memory p, IVaultTypes.MarketState memory st)
        external
        pure
        returns (uint256[5] memory)
    {
        return MarketPacking.pack(p, st, 8);
    }

    function _params(uint256 seed, address feed) internal pure returns (IVaultTypes.MarketParams memory p) {
        p.feed = feed;
        p.heartbeat = uint32(pick(seed >> 8, 0, type(uint24).max));
        p.maxDeviationBps = uint16(pick(seed >> 16, 0, type(uint16).max));
        p.initialMarginBps = uint16(pick(seed >> 24, 0, type(uint16).max));
        p.targetMarginBps = uint16(pick(seed >> 32, 0, type(uint16).max));
        p.liquidationFeeBps = uint16(pick(seed >> 40, 0, type(uint16).max));
        p.liquidationPenaltyBps = uint16(pick(seed >> 48, 0, type(uint16).max));
        p.openFeeBps = uint16(pick(seed >> 56, 0, type(uint16).max));
        p.closeFeeBps = uint16(pick(seed >> 64, 0, type(uint16).max));
        p.profitCapBps = uint32(pick(seed >> 72, 0, uint256(type(uint16).max) * 100)); // whole percents fit 16 bits
        for (uint256 k = 0; k < 4; ++k) p.maintenanceMarginBps[k] = uint16(pick(seed >> (80 + 8 * k), 0, type(uint16).max));
        for (uint256 k = 0; k < 3; ++k) p.tierThresholds[k] = uint64(pick(seed >> (112 + 8 * k), 0, type(uint32).max));
        p.keeperFeeFloor = uint128(pick(seed >> 136, 0, type(uint64).max));
        p.keeperFeeCap = uint128(pick(seed >> 144, 0, type(uint72).max));
        p.maxOpenInterest = uint128(pick(seed >> 152, 0, type(uint96).max));
        p.minCollateral = uint128(pick(seed >> 160, 0, type(uint72).max));
        p.minSize = uint96(pick(seed >> 168, 0, type(uint96).max));
    }

    /// @dev The factory's former `_storeMarket`: Solidity packs each struct into its slot.
    function _assignAsStructs(IVaultTypes.MarketParams memory p, IVaultTypes.MarketState memory st, uint8 decimals)
        internal
    {
        stored.priceAndFees = PackedMarkets.PriceAndFees({
            feed: p.feed,
            heartbeat: uint24(p.heartbeat),
            maxDeviationBps: p.maxDeviationBps,
            feedDecimals: decimals,
            closeFeeBps: p.closeFeeBps,
            liquidationFeeBps: p.liquidationFeeBps,
            liquidationPenaltyBps: p.liquidationPenaltyBps
        });
        stored.tiers = PackedMarkets.MarginTiers({
            maintenance0: p.maintenanceMarginBps[0],
            maintenance1: p.maintenanceMarginBps[1],
            maintenance2: p.maintenanceMarginBps[2],
            maintenance3: p.maintenanceMarginBps[3],
            tier1: uint32(p.tierThresholds[0]),
            tier2: uint32(p.tierThresholds[1]),
            tier3: uint32(p.tierThresholds[2]),
            targetMarginBps: p.targetMarginBps,
            keeperFeeFloor: uint64(p.keeperFeeFloor),
            profitCapPercent: uint16(p.profitCapBps / 100)
        });
        stored.limits = PackedMarkets.Limits({
            keeperFeeCap: uint72(p.keeperFeeCap),
            minSize: p.minSize,
            minCollateral: uint72(p.minCollateral),
            sequencerCheck: st.sequencerFeed != address(0),
            paused: st.paused
        });
        stored.trading = PackedMarkets.TradingLimits({
            maxOpenInterest: uint96(p.maxOpenInterest),
            initialMarginBps: p.initialMarginBps,
            openFeeBps: p.openFeeBps,
            profitCapBps: uint24(p.profitCapBps)
        });
        sequencer = PackedMarkets.Sequencer({
            feed: st.sequencerFeed, gracePeriod: uint24(st.sequencerGracePeriod), marketCount: 0
        });
    }
}
