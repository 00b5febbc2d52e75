// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ILiquidityPool
/// @author Vaults
/// @notice The counterparty of every vault: pays realised trader profit, receives trader loss and fees.
interface ILiquidityPool {
    /// @notice Pays `amount` of the settlement token to `to`; only the factory (acting for a registered vault).
    /// @param to Receiver (a vault or its owner).
    /// @param amount Token units.
    function payTo(address to, uint256 amount) external;

    /// @notice Assets not reserved for the maximum profit of open positions.
    function freeLiquidity() external view returns (uint256);
}
