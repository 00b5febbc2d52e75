// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockSequencerFeed
/// @author Vaults
/// @notice TEST ONLY. An L2 sequencer uptime feed: answer 0 = up, 1 = down; `startedAt` = last status change.
contract MockSequencerFeed is AggregatorV3Interface {
    /// @notice The status changed.
    /// @param down True when the sequencer is reported down.
    /// @param startedAt Timestamp of the round start.
    event StatusSet(bool down, uint256 startedAt);

    int256 private _answer;
    uint256 private _startedAt;
    uint80 private _round;

    /// @notice Creates the feed with a first status round.
    /// @param down Initial status.
    constructor(bool down) {
        _set(down);
    }

    /// @notice Sets the status; `startedAt` becomes now.
    /// @param down True when the sequencer is down.
    function setStatus(bool down) external {
        _set(down);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "L2 Sequencer Uptime Status Feed (mock)";
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_round, _answer, _startedAt, _startedAt, _round);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return (_round, _answer, _startedAt, _startedAt, _round);
    }

    function _set(bool down) private {
        _answer = down ? int256(1) : int256(0);
        _startedAt = block.timestamp;
        ++_round;
        emit StatusSet(down, block.timestamp);
    }
}
