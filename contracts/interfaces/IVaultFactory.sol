// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IVaultTypes} from "./IVaultTypes.sol";
import {IMarketConfig} from "./IMarketConfig.sol";

/// @title IVaultFactory
/// @author Vaults
/// @notice The part of the factory the vault clones, the pool and the insurance fund call.
interface IVaultFactory is IVaultTypes {
    /// @notice Total settlement-token units reserved for the maximum profit of all open positions.
    function totalReserved() external view returns (uint128);

    /// @notice Liquidation penalties owed to the insurance fund that the pool still holds, token units. The pool
    /// excludes them from its assets; bad debt is covered from this claim first.
    function insuranceClaim() external view returns (uint256);

    /// @notice Pays the insurance fund's whole claim out of the pool to the fund; only the insurance fund.
    /// @return amount Token units paid.
    function releaseInsuranceClaim() external returns (uint256 amount);

    /// @notice Moves `amount` of the insurance fund's tokens into the pool as its claim; only the insurance fund.
    /// @param amount Token units (the fund approved the factory).
    function depositInsuranceClaim(uint256 amount) external;

    /// @notice Number of markets (ids 0 .. count - 1).
    function marketCount() external view returns (uint256);

    /// @notice The aggregates of one market side's open positions (what the pool marks to market); its `size` is
    /// the side's open interest.
    /// @param marketId The market.
    /// @param isLong The side.
    function sideTotals(uint256 marketId, bool isLong) external view returns (SideTotals memory);

    /// @notice True while a factory operation is executing (cross-contract reentrancy lock).
    function operationInProgress() external view returns (bool);

    /// @notice Owner of `vault` (from the clone's immutable arguments).
    /// @param vault The vault.
    function ownerOf(address vault) external view returns (address);

    /// @notice See VaultFactory.
    /// @param vault The vault.
    /// @param amount Token units.
    /// @param to Receiver.
    function removeMargin(address vault, uint256 amount, address to) external;

    /// @notice See VaultFactory.
    /// @param vault The vault.
    /// @param sizeDelta Size change, 18 decimals.
    /// @param marginDelta Added margin, token units (may be 0).
    /// @param acceptablePrice Worst price accepted, 18 decimals.
    function increasePosition(address vault, uint256 sizeDelta, uint256 marginDelta, uint256 acceptablePrice)
        external;

    /// @notice See VaultFactory.
    /// @param vault The vault.
    /// @param sizeDelta Size change, 18 decimals.
    /// @param acceptablePrice Worst price accepted, 18 decimals.
    function decreasePosition(address vault, uint256 sizeDelta, uint256 acceptablePrice) external;

    /// @notice See VaultFactory.
    /// @param vault The vault.
    /// @param acceptablePrice Worst price accepted, 18 decimals.
    function closeVault(address vault, uint256 acceptablePrice) external;

    /// @notice See VaultFactory.
    /// @param vault The vault (closed or liquidated).
    /// @param to Receiver.
    /// @return amount Token units paid.
    function claim(address vault, address to) external returns (uint256 amount);

    /// @notice See VaultFactory.
    /// @param vault The vault.
    function position(address vault) external view returns (Position memory);

    /// @notice The market configuration (parameters, pause, sequencer feed).
    function config() external view returns (IMarketConfig);

    /// @notice See VaultFactory.
    /// @param marketId The market.
    function checkedPrice(uint256 marketId) external view returns (uint256);

    /// @notice See VaultFactory.
    function tokenScale() external view returns (uint256);

    /// @notice The `MarginVault` implementation behind every clone.
    function vaultImplementation() external view returns (address);

    /// @notice See VaultFactory.
    function settlementToken() external view returns (IERC20);

    /// @notice See VaultFactory.
    /// @param vault The vault.
    function liquidationPrice(address vault) external view returns (uint256);

    /// @notice Stores the factory's copy of a market; only the market configuration calls it.
    /// @param marketId The market.
    /// @param words The market's parameters, status and sequencer settings as `MarketPacking.pack` packs them.
    function syncMarket(uint256 marketId, uint256[5] calldata words) external;

    /// @notice See VaultFactory.
    /// @param vault The vault.
    function previewLiquidation(address vault) external view returns (LiquidationPreview memory);
}
