// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

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

    /// @dev The latest two rounds and the latest id in one slot: a consumer that reads the latest round and then
    /// the one before it (`OracleLib`'s deviation bound) pays for one storage read. Answers fit 80 bits (6e23: an
    /// 18-decimal feed up to 604,000 units, an 8-decimal one up to 6e15), timestamps 32 bits (until 2106), round
    /// ids 32 bits (one round a second for 136 years). Every round is also kept in `_rounds` for `getRoundData`.
    struct Head {
        uint32 roundId;
        int80 answer;
        uint32 updatedAt;
        int80 previousAnswer;
        uint32 previousUpdatedAt;
    }

    struct Round {
        int80 answer;
        uint32 updatedAt;
    }

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /// @inheritdoc AggregatorV3Interface
    string public description;
    /// @notice Authorised reporters.
    mapping(address reporter => bool) public isReporter;

    Head private _head;
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
        if (answer > type(int80).max || answer < type(int80).min) revert AnswerOutOfRange(answer);
        Head memory h = _head;
        uint32 id = h.roundId + 1;
        uint32 now_ = SafeCast.toUint32(block.timestamp);
        roundId = id;
        _head = Head({
            roundId: id,
            answer: int80(answer),
            updatedAt: now_,
            previousAnswer: h.answer,
            previousUpdatedAt: h.updatedAt
        });
        _rounds[id] = Round({answer: int80(answer), updatedAt: now_});
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
        // Fields read one by one from the head slot (one storage read) rather than copying the struct to memory.
        uint256 latest = _head.roundId;
        if (roundId == 0 || roundId > latest) revert NoDataPresent(roundId);
        if (roundId == latest) return (roundId, _head.answer, _head.updatedAt, _head.updatedAt, roundId);
        if (roundId + 1 == latest) {
            return (roundId, _head.previousAnswer, _head.previousUpdatedAt, _head.previousUpdatedAt, roundId);
        }
        Round storage r = _rounds[roundId];
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = _head.roundId;
        if (roundId == 0) revert NoDataPresent(0);
        updatedAt = _head.updatedAt;
        return (roundId, _head.answer, updatedAt, updatedAt, roundId);
    }

    /// @notice The latest round id (0 before the first report).
    function latestRound() external view returns (uint256) {
        return _head.roundId;
    }
}
