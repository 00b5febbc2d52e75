// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title MockAggregator
/// @notice TEST ONLY. A Chainlink-style feed whose rounds are written verbatim, so tests can serve what a real
/// aggregator can return but `PriceOracle` never does: an incomplete round (`answeredInRound < roundId`) or a
/// round with `updatedAt == 0`.
/// @author Vaults
contract MockAggregator {
    struct Round {
        int256 answer;
        uint256 updatedAt;
        uint80 answeredInRound;
        bool exists;
    }

    /// @notice Decimals of the answers.
    uint8 public immutable decimals;
    /// @notice Id of the latest round.
    uint80 public latestRoundId;

    mapping(uint80 roundId => Round) private _rounds;

    /// @notice Creates a feed with no round.
    /// @param decimals_ Decimals of the answers.
    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    /// @notice Writes round `roundId` verbatim and makes it the latest.
    /// @param roundId Round id.
    /// @param answer Answer.
    /// @param updatedAt Timestamp (0 allowed).
    /// @param answeredInRound Round in which the answer was computed.
    function setRound(uint80 roundId, int256 answer, uint256 updatedAt, uint80 answeredInRound) external {
        _rounds[roundId] = Round(answer, updatedAt, answeredInRound, true);
        latestRoundId = roundId;
    }

    /// @notice Writes round `roundId` timestamped now, complete (`answeredInRound == roundId`).
    /// @param roundId Round id.
    /// @param answer Answer.
    function setRoundNow(uint80 roundId, int256 answer) external {
        _rounds[roundId] = Round(answer, block.timestamp, roundId, true);
        latestRoundId = roundId;
    }

    /// @notice Description.
    function description() external pure returns (string memory) {
        return "mock aggregator";
    }

    /// @notice Version.
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @notice A stored round; reverts for an unknown one, as Chainlink does.
    /// @param roundId Round id.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[roundId];
        // Chainlink's own revert string, so callers see what a real aggregator returns.
        // solhint-disable-next-line gas-custom-errors
        require(r.exists, "No data present");
        return (roundId, r.answer, r.updatedAt, r.updatedAt, r.answeredInRound);
    }

    /// @notice The latest round.
    /// @return roundId Id of the latest round.
    /// @return answer Answer.
    /// @return startedAt Same as `updatedAt`.
    /// @return updatedAt Timestamp.
    /// @return answeredInRound Round in which the answer was computed.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[latestRoundId];
        return (latestRoundId, r.answer, r.updatedAt, r.updatedAt, r.answeredInRound);
    }
}
