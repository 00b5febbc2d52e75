// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILiquidityPool} from "./interfaces/ILiquidityPool.sol";
import {IVaultFactory} from "./interfaces/IVaultFactory.sol";

/// @title LiquidityPool
/// @author Vaults
/// @notice ERC4626 vault of LP shares over the settlement token; the counterparty of every position.
/// Pays realised trader profit, receives trader loss and fees. LPs cannot withdraw the assets reserved for
/// the maximum profit of open positions (`maxWithdraw`/`maxRedeem` are capped by free liquidity).
/// @dev Inflation attack: OpenZeppelin's virtual shares with a decimals offset of 6. Deposits and withdrawals
/// are refused while a factory operation runs (cross-contract read-only reentrancy, the GMX 2025 lesson).
contract LiquidityPool is ILiquidityPool, ERC4626, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // --- Errors ---

    /// @notice Only the factory may settle against the pool.
    error NotFactory(address caller);
    /// @notice The factory is already set.
    error FactoryAlreadySet();
    /// @notice A factory operation is in progress.
    error FactoryOperationInProgress();
    /// @notice A zero address was given.
    error ZeroAddress();

    // --- Events ---

    /// @notice The factory was set.
    /// @param factory The factory.
    event FactorySet(address indexed factory);
    /// @notice The pool paid `amount` to `to` (trader profit).
    /// @param to Receiver.
    /// @param amount Token units.
    event Paid(address indexed to, uint256 amount);

    // --- Storage ---

    /// @notice The vault factory (set once).
    IVaultFactory public factory;

    // --- Constructor ---

    /// @notice Creates the pool over the settlement token.
    /// @param asset_ Settlement token.
    /// @param owner_ Owner (sets the factory once).
    constructor(IERC20 asset_, address owner_)
        ERC20("Vaults LP", "vLP")
        ERC4626(asset_)
        Ownable(owner_)
    {}

    // --- Admin ---

    /// @notice Sets the factory once.
    /// @param factory_ The factory.
    function setFactory(IVaultFactory factory_) external onlyOwner {
        if (address(factory) != address(0)) revert FactoryAlreadySet();
        if (address(factory_) == address(0)) revert ZeroAddress();
        factory = factory_;
        emit FactorySet(address(factory_));
    }

    // --- Settlement ---

    /// @inheritdoc ILiquidityPool
    function payTo(address to, uint256 amount) external nonReentrant {
        if (msg.sender != address(factory)) revert NotFactory(msg.sender);
        IERC20(asset()).safeTransfer(to, amount);
        emit Paid(to, amount);
    }

    // --- ERC4626 ---

    /// @inheritdoc ERC4626
    function deposit(uint256 assets, address receiver) public override nonReentrant returns (uint256) {
        _checkNotInOperation();
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc ERC4626
    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256) {
        _checkNotInOperation();
        return super.mint(shares, receiver);
    }

    /// @inheritdoc ERC4626
    function withdraw(uint256 assets, address receiver, address owner_) public override nonReentrant returns (uint256) {
        _checkNotInOperation();
        return super.withdraw(assets, receiver, owner_);
    }

    /// @inheritdoc ERC4626
    function redeem(uint256 shares, address receiver, address owner_) public override nonReentrant returns (uint256) {
        _checkNotInOperation();
        return super.redeem(shares, receiver, owner_);
    }

    /// @inheritdoc ERC4626
    /// @dev Capped by free liquidity (assets minus reserves of open positions).
    function maxWithdraw(address owner_) public view override returns (uint256) {
        return Math.min(super.maxWithdraw(owner_), freeLiquidity());
    }

    /// @inheritdoc ERC4626
    /// @dev Capped by the shares of the free liquidity, rounded down.
    function maxRedeem(address owner_) public view override returns (uint256) {
        return Math.min(super.maxRedeem(owner_), _convertToShares(freeLiquidity(), Math.Rounding.Floor));
    }

    // --- Views ---

    /// @inheritdoc ERC4626
    /// @dev The token balance minus the insurance fund's claim: liquidation penalties reach the pool in the same
    /// transfer as the pool's own share and are owed to the fund (`IVaultFactory.insuranceClaim`), so they never
    /// count as LP assets.
    function totalAssets() public view override returns (uint256) {
        uint256 assets = super.totalAssets();
        uint256 claim = address(factory) == address(0) ? 0 : factory.insuranceClaim();
        return assets > claim ? assets - claim : 0;
    }

    /// @inheritdoc ILiquidityPool
    function freeLiquidity() public view returns (uint256) {
        uint256 assets = totalAssets();
        uint256 reserved = address(factory) == address(0) ? 0 : factory.totalReserved();
        return assets > reserved ? assets - reserved : 0;
    }

    // --- Internal ---

    /// @dev Virtual shares offset (OpenZeppelin's inflation-attack defence): 1e6 virtual shares per asset unit.
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    function _checkNotInOperation() internal view {
        if (address(factory) != address(0) && factory.operationInProgress()) revert FactoryOperationInProgress();
    }
}
