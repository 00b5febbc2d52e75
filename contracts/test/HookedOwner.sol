// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IOpenVault
/// @author Vaults
/// @notice The factory's open and claim entry points.
interface IOpenVault {
    /// @notice See VaultFactory.openVault.
    /// @param marketId Market.
    /// @param isLong Side.
    /// @param collateral Token units.
    /// @param size 18 decimals.
    /// @param acceptablePrice 18 decimals.
    /// @param nonce Vault nonce.
    /// @return vault The vault.
    function openVault(uint256 marketId, bool isLong, uint256 collateral, uint256 size, uint256 acceptablePrice, uint256 nonce)
        external
        returns (address vault);

    /// @notice See VaultFactory.claim.
    /// @param vault The vault.
    /// @param to Receiver.
    /// @return amount Token units.
    function claim(address vault, address to) external returns (uint256 amount);
}

/// @title HookedOwner
/// @author Vaults
/// @notice TEST ONLY. A contract that owns a vault and refuses every token it is sent (its receive hook reverts),
/// the owner that used to make its own vault unliquidatable when the liquidation pushed the remainder to it.
contract HookedOwner {
    /// @notice This owner refuses tokens.
    error Refused(address from, uint256 amount);

    /// @notice Opens a vault with this contract as its owner (the tokens must be here already).
    /// @param factory The factory.
    /// @param token The settlement token.
    /// @param marketId Market.
    /// @param isLong Side.
    /// @param collateral Token units.
    /// @param size 18 decimals.
    /// @param acceptablePrice 18 decimals.
    /// @return vault The vault.
    function open(
        address factory,
        IERC20 token,
        uint256 marketId,
        bool isLong,
        uint256 collateral,
        uint256 size,
        uint256 acceptablePrice
    ) external returns (address vault) {
        token.approve(factory, type(uint256).max);
        return IOpenVault(factory).openVault(marketId, isLong, collateral, size, acceptablePrice, 0);
    }

    /// @notice Claims the remainder of its liquidated vault to `to`.
    /// @param factory The factory.
    /// @param vault The vault.
    /// @param to Receiver.
    /// @return amount Token units.
    function claim(address factory, address vault, address to) external returns (uint256 amount) {
        return IOpenVault(factory).claim(vault, to);
    }

    /// @notice Reverts: this owner accepts no token.
    /// @param from Sender.
    /// @param amount Token units.
    function onTokenReceived(address from, uint256 amount) external pure {
        revert Refused(from, amount);
    }
}
