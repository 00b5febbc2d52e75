// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title OracleLib
/// @author Vaults
/// @notice The one place where a price is read and checked. A broken price (zero, negative, above the sanity bound,
/// incomplete, stale, or the L2 sequencer down or in its grace period) stops every flow that needs a price with a
/// named error. A large but well-formed move is different: it is a real price, so the flows that remove risk
/// (liquidate, close, decrease) settle at it (`readLatest`), and only the flows that add risk (open, increase, remove
/// margin) pass the circuit breaker (`readGuarded`). Adding margin reads no price at all.
/// @dev The circuit breaker compares the latest answer with a reference round at least `DEVIATION_WINDOW` older
/// (walking back at most `MAX_ROUNDS_BACK` rounds, and using the oldest one read when the feed posted more than that
/// inside the window). So a burst of rounds in one block, or a few blocks, counts as one move: four -20% rounds in a
/// block are a -59% move, not four -20% ones. The answer is normalised to 18 decimals with the feed's own
/// `decimals()`, read when the market is configured.
library OracleLib {
    // --- Errors ---

    /// @notice The answer is zero, negative, or above `MAX_PRICE` once normalised.
    error InvalidPrice(int256 answer);
    /// @notice The round has no timestamp or was answered in an earlier round.
    error IncompleteRound(uint80 roundId, uint80 answeredInRound, uint256 updatedAt);
    /// @notice The latest answer is older than the market heartbeat.
    error StalePrice(uint256 updatedAt, uint256 heartbeat, uint256 nowTs);
    /// @notice The answer moved more than `maxDeviationBps` against the reference round (circuit breaker: only opening,
    /// increasing and removing margin stop; liquidations, closes and decreases settle at the new price).
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
    /// @notice The circuit breaker's reference round is the newest one at least this much older than the latest.
    uint256 internal constant DEVIATION_WINDOW = 60;
    /// @notice Rounds the circuit breaker walks back at most to find its reference.
    uint256 internal constant MAX_ROUNDS_BACK = 4;

    // --- Functions ---

    /// @notice Reads `feed` and applies every check of a broken price (no circuit breaker); reverts with a named
    /// error on failure. For the flows that remove risk and for valuing the pool.
    /// @param feed The Chainlink-compatible feed.
    /// @param heartbeat Maximum age of the answer in seconds.
    /// @param feedDecimals The feed's `decimals()`, read once when the market is configured (at most 18).
    /// @param sequencerFeed L2 sequencer uptime feed, or address(0) to skip the check.
    /// @param sequencerGrace Seconds to wait after the sequencer comes back up.
    /// @return price The answer normalised to 18 decimals.
    function readLatest(
        address feed,
        uint256 heartbeat,
        uint256 feedDecimals,
        address sequencerFeed,
        uint256 sequencerGrace
    ) internal view returns (uint256 price) {
        (price,,) = _readLatest(feed, heartbeat, feedDecimals, sequencerFeed, sequencerGrace);
    }

    /// @notice `readLatest` plus the circuit breaker: reverts with `PriceDeviationTooLarge` when the answer moved
    /// more than `maxDeviationBps` against the reference round (see the library's notes). For the flows that add risk.
    /// @param feed The Chainlink-compatible feed.
    /// @param heartbeat Maximum age of the answer in seconds.
    /// @param maxDeviationBps Maximum move against the reference round in basis points (0 = no breaker).
    /// @param feedDecimals The feed's `decimals()` (at most 18).
    /// @param sequencerFeed L2 sequencer uptime feed, or address(0) to skip the check.
    /// @param sequencerGrace Seconds to wait after the sequencer comes back up.
    /// @return price The answer normalised to 18 decimals.
    function readGuarded(
        address feed,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        uint256 feedDecimals,
        address sequencerFeed,
        uint256 sequencerGrace
    ) internal view returns (uint256 price) {
        uint256 roundId;
        uint256 updatedAt;
        (price, roundId, updatedAt) = _readLatest(feed, heartbeat, feedDecimals, sequencerFeed, sequencerGrace);
        if (maxDeviationBps == 0) return price;
        uint256 refPrice = _referencePrice(feed, roundId, updatedAt, 10 ** (18 - feedDecimals));
        if (refPrice == 0) return price;
        uint256 diff = price > refPrice ? price - refPrice : refPrice - price;
        // diff / refPrice > maxDeviationBps / 1e4, compared without division.
        if (diff * 1e4 > refPrice * maxDeviationBps) revert PriceDeviationTooLarge(refPrice, price, maxDeviationBps);
    }

    /// @notice Checks a feed's decimals once, when a market is configured; reverts above 18.
    /// @param feed The Chainlink-compatible feed.
    /// @return dec The feed's decimals.
    function checkedDecimals(address feed) internal view returns (uint8 dec) {
        if (feed.code.length == 0) revert NotAFeed(feed);
        dec = AggregatorV3Interface(feed).decimals();
        if (dec > 18) revert UnsupportedFeedDecimals(dec);
    }

    /// @notice Checks, when it is configured, that an L2 sequencer uptime feed is a contract that answers
    /// `latestRoundData` (a code-less address would make every price read revert).
    /// @param feed The uptime feed.
    function checkSequencerFeed(address feed) internal view {
        if (feed.code.length == 0) revert NotAFeed(feed);
        (bool ok,,,,) = _round(feed, false, 0);
        if (!ok) revert NotAFeed(feed);
    }

    /// @dev The latest round, checked; returns its id and time for the circuit breaker.
    function _readLatest(
        address feed,
        uint256 heartbeat,
        uint256 feedDecimals,
        address sequencerFeed,
        uint256 sequencerGrace
    ) private view returns (uint256 price, uint256 roundId, uint256 updatedAt) {
        if (sequencerFeed != address(0)) {
            (, int256 status, uint256 startedAt,,) = AggregatorV3Interface(sequencerFeed).latestRoundData();
            // Chainlink: answer 0 = up, 1 = down; startedAt = time of the last status change.
            if (status != 0) revert SequencerDown();
            if (startedAt == 0 || block.timestamp - startedAt <= sequencerGrace) {
                revert SequencerGracePeriodNotOver(startedAt, sequencerGrace);
            }
        }
        bool ok;
        int256 answer;
        uint256 answeredInRound;
        (ok, roundId, answer, updatedAt, answeredInRound) = _round(feed, false, 0);
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
    }

    /// @dev The circuit breaker's refPrice price (18 decimals): the newest earlier round at least `DEVIATION_WINDOW`
    /// older than the latest, or the oldest of the `MAX_ROUNDS_BACK` rounds read; 0 if no earlier round is readable
    /// (first round, Chainlink phase boundary), in which case there is nothing to compare with.
    function _referencePrice(address feed, uint256 roundId, uint256 updatedAt, uint256 scale)
        private
        view
        returns (uint256 refPrice)
    {
        for (uint256 k = 0; k < MAX_ROUNDS_BACK && roundId > k + 1; ++k) {
            (bool ok,, int256 answer, uint256 at,) = _round(feed, true, roundId - k - 1);
            if (!ok || answer <= 0 || at == 0 || uint256(answer) > MAX_PRICE / scale) break;
            refPrice = uint256(answer) * scale;
            if (at + DEVIATION_WINDOW <= updatedAt) break;
        }
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
