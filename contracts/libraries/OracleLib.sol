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
/// The answer is normalised to 18 decimals with the feed's own `decimals()`.
library OracleLib {
    // --- Errors ---

    /// @notice The answer is zero or negative.
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

    // --- Types ---

    /// @notice A checked price.
    /// @param price Answer normalised to 18 decimals.
    /// @param updatedAt Timestamp of the answer.
    /// @param recoveredAt Timestamp of the latest round if it follows a gap longer than the heartbeat
    /// (an oracle recovery), else 0.
    struct CheckedPrice {
        uint256 price;
        uint256 updatedAt;
        uint256 recoveredAt;
    }

    // --- Functions ---

    /// @notice Reads `feed` and applies every check; reverts with a named error on failure.
    /// @param feed The Chainlink-compatible feed.
    /// @param heartbeat Maximum age of the answer in seconds.
    /// @param maxDeviationBps Maximum change against the previous round in basis points (0 = unchecked).
    /// @param sequencerFeed L2 sequencer uptime feed, or address(0) to skip the check.
    /// @param sequencerGrace Seconds to wait after the sequencer comes back up.
    /// @return r The checked price, 18 decimals.
    function read(
        address feed,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        address sequencerFeed,
        uint256 sequencerGrace
    ) internal view returns (CheckedPrice memory r) {
        if (sequencerFeed != address(0)) {
            (, int256 status, uint256 startedAt,,) = AggregatorV3Interface(sequencerFeed).latestRoundData();
            // Chainlink: answer 0 = up, 1 = down; startedAt = time of the last status change.
            if (status != 0) revert SequencerDown();
            if (startedAt == 0 || block.timestamp - startedAt <= sequencerGrace) {
                revert SequencerGracePeriodNotOver(startedAt, sequencerGrace);
            }
        }
        AggregatorV3Interface agg = AggregatorV3Interface(feed);
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = agg.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (updatedAt == 0 || answeredInRound < roundId) revert IncompleteRound(roundId, answeredInRound, updatedAt);
        if (updatedAt > block.timestamp || block.timestamp - updatedAt > heartbeat) {
            revert StalePrice(updatedAt, heartbeat, block.timestamp);
        }
        uint8 dec = agg.decimals();
        if (dec > 18) revert UnsupportedFeedDecimals(dec);
        uint256 scale = 10 ** (18 - dec);
        r.price = uint256(answer) * scale;
        r.updatedAt = updatedAt;

        // Previous round: deviation bound and recovery detection. A feed whose previous round is not
        // readable (first round, Chainlink phase boundary) is accepted without the comparison.
        if (roundId > 0) {
            try agg.getRoundData(roundId - 1) returns (uint80, int256 prevAnswer, uint256, uint256 prevUpdatedAt, uint80) {
                if (prevAnswer > 0 && prevUpdatedAt != 0) {
                    uint256 prev = uint256(prevAnswer) * scale;
                    if (maxDeviationBps != 0) {
                        uint256 diff = r.price > prev ? r.price - prev : prev - r.price;
                        // diff / prev > maxDeviationBps / 1e4, compared without division.
                        if (diff * 1e4 > prev * maxDeviationBps) {
                            revert PriceDeviationTooLarge(prev, r.price, maxDeviationBps);
                        }
                    }
                    if (updatedAt > prevUpdatedAt + heartbeat) r.recoveredAt = updatedAt;
                }
            } catch {} // solhint-disable-line no-empty-blocks
        }
    }
}
