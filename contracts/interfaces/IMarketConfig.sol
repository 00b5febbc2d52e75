// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVaultTypes} from "./IVaultTypes.sol";

/// @title IMarketConfig
/// @author Vaults
/// @notice What the factory and readers (the lens, off-chain tools) need of the market configuration.
interface IMarketConfig is IVaultTypes {
    /// @notice A market's parameters and status, with the sequencer feed settings; reverts for an unknown market.
    /// @param marketId The market.
    /// @return p Parameters.
    /// @return st Status.
    function market(uint256 marketId) external view returns (MarketParams memory p, MarketState memory st);
}
