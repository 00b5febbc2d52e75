// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IInsuranceFund} from "./interfaces/IInsuranceFund.sol";
import {IVaultFactory} from "./interfaces/IVaultFactory.sol";

/// @title InsuranceFund
/// @author Vaults
/// @notice Owns the liquidation penalties and pays bad debt to the pool first; the pool absorbs whatever the fund
/// cannot pay (the factory emits `BadDebtCovered`).
/// @dev Penalties are not transferred here at each liquidation: they stay in the pool as the fund's claim
/// (`IVaultFactory.insuranceClaim`, excluded from the pool's assets), which saves a token transfer per
/// liquidation. The factory spends the claim first on bad debt, then calls `coverBadDebt` for the rest;
/// `collectClaim` moves the claim into the fund.
contract InsuranceFund is IInsuranceFund, Ownable2Step {
    using SafeERC20 for IERC20;

    // --- Errors ---

    /// @notice Only the factory may draw on the fund.
    error NotFactory(address caller);
    /// @notice The factory is already set.
    error FactoryAlreadySet();
    /// @notice A zero address was given.
    error ZeroAddress();
    /// @notice The factory is not set yet.
    error FactoryNotSet();
    /// @notice Renouncing ownership is disabled (the fund's capital could never be withdrawn or parked again).
    error RenounceDisabled();

    // --- Events ---

    /// @notice The factory was set.
    /// @param factory The factory.
    event FactorySet(address indexed factory);
    /// @notice The fund paid `amount` of bad debt to the pool (`requested` was asked).
    /// @param requested Bad debt asked for, token units.
    /// @param amount Token units.
    event BadDebtPaid(uint256 requested, uint256 amount);
    /// @notice The owner withdrew surplus.
    /// @param to Receiver.
    /// @param amount Token units.
    event Withdrawn(address indexed to, uint256 amount);

    // --- Immutables and storage ---

    /// @notice Settlement token.
    IERC20 public immutable token;
    /// @notice Receiver of bad-debt payments.
    address public immutable pool;
    /// @notice The vault factory (set once).
    address public factory;

    // --- Constructor ---

    /// @notice Creates the fund paying bad debt to `pool_`.
    /// @param token_ Settlement token.
    /// @param pool_ Liquidity pool.
    /// @param owner_ Owner.
    constructor(IERC20 token_, address pool_, address owner_) Ownable(owner_) {
        if (address(token_) == address(0) || pool_ == address(0)) revert ZeroAddress();
        token = token_;
        pool = pool_;
    }

    // --- External ---

    /// @notice Sets the factory once.
    /// @param factory_ The factory.
    function setFactory(address factory_) external onlyOwner {
        if (factory != address(0)) revert FactoryAlreadySet();
        if (factory_ == address(0)) revert ZeroAddress();
        factory = factory_;
        emit FactorySet(factory_);
    }

    /// @notice Disabled: without an owner the fund's capital could never be withdrawn or parked as its claim.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    /// @inheritdoc IInsuranceFund
    function coverBadDebt(uint256 amount) external returns (uint256 paid) {
        if (msg.sender != factory) revert NotFactory(msg.sender);
        paid = Math.min(amount, token.balanceOf(address(this)));
        if (paid != 0) token.safeTransfer(pool, paid);
        emit BadDebtPaid(amount, paid);
    }

    /// @notice Moves the fund's claim (liquidation penalties held by the pool) into the fund's own balance.
    /// Anyone may call: it only moves the fund's money to the fund.
    /// @return amount Token units received.
    function collectClaim() public returns (uint256 amount) {
        if (factory == address(0)) return 0;
        return IVaultFactory(factory).releaseInsuranceClaim();
    }

    /// @notice Parks `amount` of the fund's tokens in the pool as its claim (governance): bad debt is then covered
    /// by an entry in the factory, with no call into the fund and no transfer. `collectClaim` reverses it.
    /// @param amount Token units.
    function depositToClaim(uint256 amount) external onlyOwner {
        address f = factory;
        if (f == address(0)) revert FactoryNotSet();
        token.forceApprove(f, amount);
        IVaultFactory(f).depositInsuranceClaim(amount);
    }

    /// @notice Withdraws surplus (governance), collecting the claim first when the token balance is short.
    /// @param to Receiver.
    /// @param amount Token units.
    function withdraw(address to, uint256 amount) external onlyOwner {
        if (amount > token.balanceOf(address(this))) collectClaim();
        token.safeTransfer(to, amount);
        emit Withdrawn(to, amount);
    }

    /// @notice Balance available to cover bad debt: the fund's tokens plus its claim held by the pool.
    function balance() external view returns (uint256) {
        uint256 claim = factory == address(0) ? 0 : IVaultFactory(factory).insuranceClaim();
        return token.balanceOf(address(this)) + claim;
    }
}
