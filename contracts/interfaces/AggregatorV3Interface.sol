// SPDX-License-Identifier: MIT
// Chainlink's own name, kept so code written against Chainlink compiles unchanged.
// solhint-disable interface-starts-with-i
pragma solidity ^0.8.24;

/// @title AggregatorV3Interface
/// @author Vaults
/// @notice Chainlink's price feed interface, declared here because `@chainlink/contracts` is not installable offline.
/// @dev Same signatures as smartcontractkit/chainlink `AggregatorV3Interface.sol`, so a market can point at a real feed.
interface AggregatorV3Interface {
    /// @notice Number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice Human-readable description of the feed (e.g. "ETH / USD").
    function description() external view returns (string memory);

    /// @notice Version of the aggregator implementation.
    function version() external view returns (uint256);

    /// @notice Data of a given round.
    /// @param roundId The round to read.
    /// @return roundId The round id.
    /// @return answer The price.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was last updated.
    /// @return answeredInRound Deprecated by Chainlink; equal to `roundId` on our feeds.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice Data of the latest round.
    /// @return roundId The round id.
    /// @return answer The price.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was last updated.
    /// @return answeredInRound Deprecated by Chainlink; equal to `roundId` on our feeds.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
