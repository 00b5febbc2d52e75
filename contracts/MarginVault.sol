// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {IVaultTypes} from "./interfaces/IVaultTypes.sol";

/// @title MarginVault
/// @author Vaults
/// @notice One isolated-margin position. The clone holds only its own collateral tokens; its owner is an
/// immutable argument of the clone (EIP-1167 with immutable args). The margin engine, the accounting and
/// the events live in the factory (equity, margin ratio and health views are in `VaultLens`); these functions are the owner's and keepers' entry points and forward
/// there (the factory re-checks everything).
contract MarginVault is IVaultTypes {
    using SafeERC20 for IERC20;

    // --- Errors ---

    /// @notice Only the factory may move the vault's tokens.
    error NotFactory(address caller);
    /// @notice Only the vault owner may call this.
    error NotVaultOwner(address caller, address owner);

    // --- Immutables ---

    /// @notice The factory that created this vault (and the implementation).
    IVaultFactory public immutable factory;
    /// @notice The settlement token the vault holds.
    IERC20 public immutable token;

    // --- Modifiers ---

    modifier onlyOwner() {
        address o = owner();
        if (msg.sender != o) revert NotVaultOwner(msg.sender, o);
        _;
    }

    // --- Constructor ---

    /// @notice The implementation behind every clone; the deployer is the factory.
    /// @param token_ Settlement token. The deployer is the factory.
    constructor(IERC20 token_) {
        factory = IVaultFactory(msg.sender);
        token = token_;
    }

    // --- Factory ---

    /// @notice Transfers `amount` of the vault's tokens to `to`; only the factory.
    /// @param to Receiver.
    /// @param amount Token units.
    function transferOut(address to, uint256 amount) external {
        if (msg.sender != address(factory)) revert NotFactory(msg.sender);
        token.safeTransfer(to, amount);
    }

    /// @notice Pays two receivers in one call (a liquidation pays the keeper and the pool; a close the pool and the
    /// owner), in argument order; zero amounts are skipped. Only the factory.
    /// @param to1 First receiver.
    /// @param amount1 Token units for `to1`.
    /// @param to2 Second receiver.
    /// @param amount2 Token units for `to2`.
    function disburse(address to1, uint256 amount1, address to2, uint256 amount2) external {
        if (msg.sender != address(factory)) revert NotFactory(msg.sender);
        if (amount1 != 0) token.safeTransfer(to1, amount1);
        if (amount2 != 0) token.safeTransfer(to2, amount2);
    }

    // --- Owner and keepers ---

    /// @notice Removes margin while the vault stays above initial margin without unrealised profit.
    /// @param amount Token units.
    /// @param to Receiver.
    function removeMargin(uint256 amount, address to) external onlyOwner {
        factory.removeMargin(address(this), amount, to);
    }

    /// @notice Increases the position (the owner pays `marginDelta` and the open fee; approve the factory).
    /// @param sizeDelta Added size, 18 decimals.
    /// @param marginDelta Added margin, token units.
    /// @param acceptablePrice Worst price accepted.
    function increasePosition(uint256 sizeDelta, uint256 marginDelta, uint256 acceptablePrice) external onlyOwner {
        factory.increasePosition(address(this), sizeDelta, marginDelta, acceptablePrice);
    }

    /// @notice Decreases the position, realising proportional PnL into the collateral.
    /// @param sizeDelta Removed size, 18 decimals.
    /// @param acceptablePrice Worst price accepted.
    function decreasePosition(uint256 sizeDelta, uint256 acceptablePrice) external onlyOwner {
        factory.decreasePosition(address(this), sizeDelta, acceptablePrice);
    }

    /// @notice Takes what a closed or liquidated vault still holds (its liquidation remainder); owner only.
    /// @param to Receiver.
    /// @return amount Token units paid.
    function claim(address to) external onlyOwner returns (uint256 amount) {
        return factory.claim(address(this), to);
    }

    /// @notice Closes the position and pays the owner.
    /// @param acceptablePrice Worst price accepted.
    function close(uint256 acceptablePrice) external onlyOwner {
        factory.closeVault(address(this), acceptablePrice);
    }

    // --- Views ---

    /// @notice The vault owner (immutable clone argument).
    function owner() public view returns (address) {
        return address(bytes20(Clones.fetchCloneArgs(address(this))));
    }

    /// @notice The position accounting.
    function position() external view returns (Position memory) {
        return factory.position(address(this));
    }

    /// @notice Liquidation price (long: highest liquidatable price; short: lowest), 18 decimals.
    function liquidationPrice() external view returns (uint256) {
        return factory.liquidationPrice(address(this));
    }

    /// @notice Whether `liquidate` would succeed now.
    function isLiquidatable() external view returns (bool) {
        return factory.previewLiquidation(address(this)).liquidatable;
    }

    /// @notice What a liquidation would do now.
    function previewLiquidation() external view returns (LiquidationPreview memory) {
        return factory.previewLiquidation(address(this));
    }
}
