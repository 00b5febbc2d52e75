// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IInsuranceFund
/// @author Vaults
/// @notice Receives liquidation penalties; pays bad debt to the pool first.
interface IInsuranceFund {
    /// @notice Pays up to `amount` to the liquidity pool to cover bad debt; only the factory.
    /// @param amount Bad debt in token units.
    /// @return paid What the fund could pay (the pool absorbs the rest).
    function coverBadDebt(uint256 amount) external returns (uint256 paid);
}
