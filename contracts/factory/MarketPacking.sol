// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IVaultTypes} from "../interfaces/IVaultTypes.sol";

/// @title MarketPacking
/// @author Vaults
/// @notice Packs a market's parameters into the words the factory stores (`PackedMarkets`): slot 0 `PriceAndFees`,
/// slot 1 `MarginTiers`, slot 2 `Limits`, slot 5 `TradingLimits`, and the chain-wide `Sequencer` word.
/// @dev The configuration packs and the factory only stores (`PackedMarkets._storeMarket`): the packing code lives in
/// `MarketConfig`, which has room for it, rather than in the factory, which is at the contract size limit. Each word
/// follows its struct's declaration order from the low bits, as Solidity packs a struct into a slot, so the factory
/// reads the words through its structs; `foundry/test/fuzz/MarketPacking.t.sol` checks every word against the
/// compiler's own struct packing. The casts are checked, so a value that does not fit its width reverts rather than
/// spilling into its neighbour (`MarketConfig` validates the same bounds first, with a reason).
library MarketPacking {
    using SafeCast for uint256;

    /// @notice The five words of a market for `IVaultFactory.syncMarket`.
    /// @param p Parameters (validated by the configuration).
    /// @param st Status with the sequencer feed settings filled in.
    /// @param feedDecimals The feed's decimals (checked by the caller).
    /// @return w Slot 0, slot 1, slot 2, slot 5 and the sequencer word without the market count (the factory keeps it).
    function pack(IVaultTypes.MarketParams memory p, IVaultTypes.MarketState memory st, uint8 feedDecimals)
        internal
        pure
        returns (uint256[5] memory w)
    {
        // PriceAndFees: feed, heartbeat (24 bits), maxDeviationBps, feedDecimals, closeFeeBps, liquidationFeeBps,
        // liquidationPenaltyBps.
        w[0] = uint256(uint160(p.feed)) | (uint256(uint256(p.heartbeat).toUint24()) << 160)
            | (uint256(p.maxDeviationBps) << 184) | (uint256(feedDecimals) << 200) | (uint256(p.closeFeeBps) << 208)
            | (uint256(p.liquidationFeeBps) << 224) | (uint256(p.liquidationPenaltyBps) << 240);
        // MarginTiers: maintenance 0-3 (16 bits each), tier thresholds 1-3 (32 bits each), targetMarginBps,
        // keeperFeeFloor (64 bits), profitCapPercent (16 bits).
        w[1] = uint256(p.maintenanceMarginBps[0]) | (uint256(p.maintenanceMarginBps[1]) << 16)
            | (uint256(p.maintenanceMarginBps[2]) << 32) | (uint256(p.maintenanceMarginBps[3]) << 48)
            | (uint256(uint256(p.tierThresholds[0]).toUint32()) << 64)
            | (uint256(uint256(p.tierThresholds[1]).toUint32()) << 96)
            | (uint256(uint256(p.tierThresholds[2]).toUint32()) << 128) | (uint256(p.targetMarginBps) << 160)
            | (uint256(uint256(p.keeperFeeFloor).toUint64()) << 176)
            | (uint256(uint256(p.profitCapBps / 100).toUint16()) << 240);
        // Limits: keeperFeeCap (72 bits), minSize (96), minCollateral (72), sequencerCheck, paused.
        w[2] = uint256(uint256(p.keeperFeeCap).toUint72()) | (uint256(p.minSize) << 72)
            | (uint256(uint256(p.minCollateral).toUint72()) << 168)
            | (st.sequencerFeed != address(0) ? uint256(1) << 240 : 0) | (st.paused ? uint256(1) << 248 : 0);
        // TradingLimits: maxOpenInterest (96 bits), initialMarginBps, openFeeBps, profitCapBps (24 bits).
        w[3] = uint256(uint256(p.maxOpenInterest).toUint96()) | (uint256(p.initialMarginBps) << 96)
            | (uint256(p.openFeeBps) << 112) | (uint256(uint256(p.profitCapBps).toUint24()) << 128);
        // Sequencer: feed, gracePeriod (24 bits); the market count above it is the factory's.
        w[4] = uint256(uint160(st.sequencerFeed)) | (uint256(uint256(st.sequencerGracePeriod).toUint24()) << 160);
    }
}
