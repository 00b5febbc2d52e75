// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title PriceOracle
/// @author Vaults
/// @notice A Chainlink `AggregatorV3Interface`-compatible feed written by authorised reporters. Round ids
/// increase by one per report; every report emits `AnswerUpdated` and `NewRound` exactly as Chainlink does.
/// @dev The feed stores any answer (even zero or negative) so tests can inject faults; consumers check it
/// with `OracleLib`. `startedAt == updatedAt` and `answeredInRound == roundId`.
contract PriceOracle is AggregatorV3Interface, Ownable2Step {
    // --- Errors ---

    /// @notice The caller is not an authorised reporter.
    error NotReporter(address caller);
    /// @notice The round does not exist (Chainlink reverts with "No data present").
    error NoDataPresent(uint80 roundId);
    /// @notice The answer does not fit the stored width.
    error AnswerOutOfRange(int256 answer);

    // --- Events ---

    /// @notice Chainlink's event for a new answer.
    /// @param current The new answer, in the feed decimals.
    /// @param roundId The round id.
    /// @param updatedAt Timestamp of the answer.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    /// @notice Chainlink's event for a new round.
    /// @param roundId The round id.
    /// @param startedBy The reporter.
    /// @param startedAt Timestamp of the round start.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    /// @notice A reporter was authorised or revoked.
    /// @param reporter The reporter.
    /// @param authorised True to authorise, false to revoke.
    event ReporterSet(address indexed reporter, bool authorised);

    // --- Types and storage ---

    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /// @inheritdoc AggregatorV3Interface
    string public description;
    /// @notice Authorised reporters.
    mapping(address reporter => bool) public isReporter;

    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    // --- Constructor ---

    /// @notice Creates a feed with no round yet.
    /// @param decimals_ Decimals of the answers (8 like Chainlink USD feeds).
    /// @param description_ E.g. "ETH / USD".
    /// @param owner_ Owner (manages reporters).
    constructor(uint8 decimals_, string memory description_, address owner_) Ownable(owner_) {
        decimals = decimals_;
        description = description_;
    }

    // --- External ---

    /// @notice Authorises or revokes a reporter.
    /// @param reporter Address.
    /// @param authorised True to authorise.
    function setReporter(address reporter, bool authorised) external onlyOwner {
        isReporter[reporter] = authorised;
        emit ReporterSet(reporter, authorised);
    }

    /// @notice Reports a new answer as a new round timestamped now.
    /// @param answer The price with `decimals` decimals.
    /// @return roundId The new round id.
    function submit(int256 answer) external returns (uint80 roundId) {
        if (!isReporter[msg.sender]) revert NotReporter(msg.sender);
        if (answer > type(int192).max || answer < type(int192).min) revert AnswerOutOfRange(answer);
        unchecked {
            // A uint80 round counter incremented once per transaction cannot overflow.
            roundId = _latestRound + 1;
        }
        _latestRound = roundId;
        _rounds[roundId] = Round({answer: int192(answer), updatedAt: uint64(block.timestamp)});
        emit NewRound(roundId, msg.sender, block.timestamp);
        emit AnswerUpdated(answer, roundId, block.timestamp);
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 4;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId == 0 || roundId > _latestRound) revert NoDataPresent(roundId);
        return _round(roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint80 id = _latestRound;
        if (id == 0) revert NoDataPresent(0);
        return _round(id);
    }

    /// @notice The latest round id (0 before the first report).
    function latestRound() external view returns (uint256) {
        return _latestRound;
    }

    // --- Internal ---

    function _round(uint80 id) private view returns (uint80, int256, uint256, uint256, uint80) {
        Round memory r = _rounds[id];
        return (id, r.answer, r.updatedAt, r.updatedAt, id);
    }
}
