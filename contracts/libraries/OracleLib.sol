// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title OracleLib
/// @author Vaults
/// @notice The one place where a price is read and checked. Every failure reverts with a named error:
/// no trade, no margin removal, no close and no liquidation on a bad price.
/// @dev Checks, in order: L2 sequencer up and past its grace period (skipped when the feed address is zero,
/// as on the devnet), answer > 0, round complete (`updatedAt != 0`, `answeredInRound >= roundId`),
/// fresh within `heartbeat`, and a bounded change against the previous round (`maxDeviationBps`, 0 = off).
/// The answer is normalised to 18 decimals with the feed's own `decimals()`, read when the market is configured.
library OracleLib {
    // --- Errors ---

    /// @notice The answer is zero, negative, or above `MAX_PRICE` once normalised.
    error InvalidPrice(int256 answer);
    /// @notice The round has no timestamp or was answered in an earlier round.
    error IncompleteRound(uint80 roundId, uint80 answeredInRound, uint256 updatedAt);
    /// @notice The latest answer is older than the market heartbeat.
    error StalePrice(uint256 updatedAt, uint256 heartbeat, uint256 nowTs);
    /// @notice The answer moved more than `maxDeviationBps` against the previous round.
    error PriceDeviationTooLarge(uint256 previousPrice, uint256 price, uint256 maxDeviationBps);
    /// @notice The L2 sequencer uptime feed reports the sequencer as down.
    error SequencerDown();
    /// @notice The sequencer is back up but its grace period has not passed.
    error SequencerGracePeriodNotOver(uint256 upSince, uint256 gracePeriod);
    /// @notice The feed reports more than 18 decimals, which this library does not normalise.
    error UnsupportedFeedDecimals(uint8 decimals);
    /// @notice The address has no contract code, so it cannot be a price feed.
    error NotAFeed(address feed);

    // --- Constants ---

    /// @notice The largest normalised price accepted: above it a feed is broken (the Synthetix sKRW lesson), and
    /// below it the margin math never overflows (size and entry price are below 2**96, so size * price < 2**224).
    uint256 internal constant MAX_PRICE = type(uint128).max;

    // --- Functions ---

    /// @notice Reads `feed` and applies every check; reverts with a named error on failure.
    /// @param feed The Chainlink-compatible feed.
    /// @param heartbeat Maximum age of the answer in seconds.
    /// @param maxDeviationBps Maximum change against the previous round in basis points (0 = unchecked).
    /// @param feedDecimals The feed's `decimals()`, read once when the market is configured (at most 18).
    /// @param sequencerFeed L2 sequencer uptime feed, or address(0) to skip the check.
    /// @param sequencerGrace Seconds to wait after the sequencer comes back up.
    /// @return price The answer normalised to 18 decimals.
    /// @return recoveredAt Timestamp of the latest round if it follows a gap longer than the heartbeat (an
    /// oracle recovery), else 0.
    function read(
        address feed,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        uint256 feedDecimals,
        address sequencerFeed,
        uint256 sequencerGrace
    ) internal view returns (uint256 price, uint256 recoveredAt) {
        if (sequencerFeed != address(0)) {
            (, int256 status, uint256 startedAt,,) = AggregatorV3Interface(sequencerFeed).latestRoundData();
            // Chainlink: answer 0 = up, 1 = down; startedAt = time of the last status change.
            if (status != 0) revert SequencerDown();
            if (startedAt == 0 || block.timestamp - startedAt <= sequencerGrace) {
                revert SequencerGracePeriodNotOver(startedAt, sequencerGrace);
            }
        }
        (bool ok, uint256 roundId, int256 answer, uint256 updatedAt, uint256 answeredInRound) = _round(feed, false, 0);
        if (!ok) _bubbleRevert();
        // 10**(18 - decimals) <= 1e18, so an answer below MAX_PRICE / 1e18 cannot overflow the scaling.
        uint256 scale = 10 ** (18 - feedDecimals);
        if (answer <= 0 || uint256(answer) > MAX_PRICE / scale) revert InvalidPrice(answer);
        if (updatedAt == 0 || answeredInRound < roundId) {
            revert IncompleteRound(uint80(roundId), uint80(answeredInRound), updatedAt);
        }
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > heartbeat) {
            revert StalePrice(updatedAt, heartbeat, block.timestamp);
        }
        price = uint256(answer) * scale;

        // Previous round: deviation bound and recovery detection. A feed whose previous round is not
        // readable (first round, Chainlink phase boundary) is accepted without the comparison.
        if (roundId == 0) return (price, 0);
        (bool prevOk,, int256 prevAnswer, uint256 prevUpdatedAt,) = _round(feed, true, roundId - 1);
        if (!prevOk || prevAnswer <= 0 || prevUpdatedAt == 0) return (price, 0);
        if (maxDeviationBps != 0) {
            uint256 prev = uint256(prevAnswer) * scale;
            uint256 diff = price > prev ? price - prev : prev - price;
            // diff / prev > maxDeviationBps / 1e4, compared without division.
            if (diff * 1e4 > prev * maxDeviationBps) revert PriceDeviationTooLarge(prev, price, maxDeviationBps);
        }
        if (updatedAt > prevUpdatedAt + heartbeat) recoveredAt = updatedAt;
    }

    /// @notice Checks a feed's decimals once, when a market is configured; reverts above 18.
    /// @param feed The Chainlink-compatible feed.
    /// @return dec The feed's decimals.
    function checkedDecimals(address feed) internal view returns (uint8 dec) {
        if (feed.code.length == 0) revert NotAFeed(feed);
        dec = AggregatorV3Interface(feed).decimals();
        if (dec > 18) revert UnsupportedFeedDecimals(dec);
    }

    /// @dev `latestRoundData()` or `getRoundData(roundId)` without the ABI helper's per-field checks and the
    /// try/catch frame (this is every flow's hot path): `ok` is false if the call reverted or returned fewer than
    /// the five words; ids are masked to their 80 ABI bits.
    function _round(address feed, bool byId, uint256 roundId)
        private
        view
        returns (bool ok, uint256 id, int256 answer, uint256 updatedAt, uint256 answeredInRound)
    {
        bytes4 selector = byId ? AggregatorV3Interface.getRoundData.selector : AggregatorV3Interface.latestRoundData.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 4), and(roundId, 0xffffffffffffffffffff))
            // Two steps: Yul evaluates arguments right to left, so returndatasize() must follow the call.
            ok := staticcall(gas(), feed, ptr, add(4, mul(byId, 32)), ptr, 0xa0)
            ok := and(ok, gt(returndatasize(), 0x9f))
            id := and(mload(ptr), 0xffffffffffffffffffff)
            answer := mload(add(ptr, 0x20))
            updatedAt := mload(add(ptr, 0x60))
            answeredInRound := and(mload(add(ptr, 0x80)), 0xffffffffffffffffffff)
        }
    }

    /// @dev Re-raises the revert of the last call (a feed's own error, e.g. no data yet).
    function _bubbleRevert() private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            returndatacopy(ptr, 0, returndatasize())
            revert(ptr, returndatasize())
        }
    }
}
