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
import {IVaultTypes} from "./interfaces/IVaultTypes.sol";
import {SideMark} from "./libraries/SideMark.sol";

/// @title LiquidityPool
/// @author Vaults
/// @notice ERC4626 vault of LP shares over the settlement token; the counterparty of every position.
/// Pays realised trader profit, receives trader loss and fees. Its value marks every open position to market
/// (`traderClaim`: per market and side, profit capped at reserves, loss floored at collateral, the close fee owed
/// counted; `SideMark`), so what a position will pay or take is in the price while it is open. The mark is per side,
/// not per position (one slot per side keeps a liquidation within its gas budget), so realising one position can take
/// more or less than the mark expected (a position past its own profit cap while its side is not, bad debt the side
/// netted against other positions, the keeper fee of a side floored at its collateral); at a close, a decrease or a
/// full liquidation the factory moves that difference to or from the insurance fund's claim
/// (`VaultFactory._settleAgainstMark`), so those settlements move the share price by rounding only while the fund
/// can pay. LPs cannot withdraw the assets reserved for the maximum profit
/// of open positions (`maxWithdraw`/`maxRedeem` are capped by free liquidity).
/// @dev Design choice against just-in-time liquidity: a deposit starts a cooldown on the shares' holder, during
/// which its shares can be neither redeemed nor transferred, so a deposit can never leave in the block (or oracle
/// round) it entered. A cooldown rather than a two-step withdrawal keeps ERC4626's one-call withdraw for everyone
/// else. So that nobody can extend another holder's cooldown with dust, a deposit for someone else is only accepted
/// for a receiver that holds no shares. Inflation attack: OpenZeppelin's virtual shares with a decimals offset of 6.
/// Every view and every LP flow reverts while a factory operation runs (cross-contract read-only reentrancy, the GMX
/// 2025 lesson): mid-operation the accounting is half-applied.
contract LiquidityPool is ILiquidityPool, IVaultTypes, ERC4626, Ownable2Step, ReentrancyGuardTransient {
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
    /// @notice The holder's shares are in their deposit cooldown until `until`.
    error SharesInCooldown(address holder, uint256 until);
    /// @notice A deposit for another receiver is only accepted when the receiver holds no shares.
    error DepositForHolder(address receiver);
    /// @notice The cooldown is outside its bounds.
    error InvalidCooldown(uint256 cooldown);
    /// @notice Renouncing ownership is disabled (it would freeze the pool's configuration).
    error RenounceDisabled();

    // --- Events ---

    /// @notice The factory was set.
    /// @param factory The factory.
    event FactorySet(address indexed factory);
    /// @notice The pool paid `amount` to `to` (trader profit).
    /// @param to Receiver.
    /// @param amount Token units.
    event Paid(address indexed to, uint256 amount);
    /// @notice The deposit cooldown changed.
    /// @param cooldown Seconds.
    event CooldownSet(uint256 cooldown);

    // --- Constants ---

    /// @notice The shortest cooldown: one second, so a deposit can never leave in the block it entered.
    uint256 public constant MIN_COOLDOWN = 1;
    /// @notice The longest cooldown the owner may set.
    uint256 public constant MAX_COOLDOWN = 7 days;

    // --- Storage ---

    /// @notice The vault factory (set once).
    IVaultFactory public factory;
    /// @notice Seconds a holder's shares stay locked after a deposit to it.
    uint32 public cooldown;
    /// @notice Time until which a holder's shares are locked (see `cooldown`).
    mapping(address holder => uint256) public cooldownEnds;

    // --- Constructor ---

    /// @notice Creates the pool over the settlement token.
    /// @param asset_ Settlement token.
    /// @param owner_ Owner (sets the factory once, and the cooldown).
    /// @param cooldown_ Deposit cooldown in seconds, within [MIN_COOLDOWN, MAX_COOLDOWN].
    constructor(IERC20 asset_, address owner_, uint256 cooldown_)
        ERC20("Vaults LP", "vLP")
        ERC4626(asset_)
        Ownable(owner_)
    {
        _setCooldown(cooldown_);
    }

    // --- Admin ---

    /// @notice Sets the factory once.
    /// @param factory_ The factory.
    function setFactory(IVaultFactory factory_) external onlyOwner {
        if (address(factory) != address(0)) revert FactoryAlreadySet();
        if (address(factory_) == address(0)) revert ZeroAddress();
        factory = factory_;
        emit FactorySet(address(factory_));
    }

    /// @notice Sets the deposit cooldown (applies to deposits from now on).
    /// @param cooldown_ Seconds, within [MIN_COOLDOWN, MAX_COOLDOWN].
    function setCooldown(uint256 cooldown_) external onlyOwner {
        _setCooldown(cooldown_);
    }

    /// @notice Disabled: a pool without an owner could never be wired to a factory or have its cooldown changed.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
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
        _checkReceiver(receiver);
        return super.deposit(assets, receiver);
    }

    /// @inheritdoc ERC4626
    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256) {
        _checkNotInOperation();
        _checkReceiver(receiver);
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
    /// @dev Capped by free liquidity (assets minus reserves of open positions); 0 during the holder's cooldown.
    function maxWithdraw(address owner_) public view override returns (uint256) {
        if (block.timestamp < cooldownEnds[owner_]) return 0;
        return Math.min(super.maxWithdraw(owner_), freeLiquidity());
    }

    /// @inheritdoc ERC4626
    /// @dev Capped by the shares of the free liquidity, rounded down; 0 during the holder's cooldown.
    function maxRedeem(address owner_) public view override returns (uint256) {
        if (block.timestamp < cooldownEnds[owner_]) return 0;
        return Math.min(super.maxRedeem(owner_), _convertToShares(freeLiquidity(), Math.Rounding.Floor));
    }

    // --- Views ---

    /// @inheritdoc ERC4626
    /// @dev The token balance minus the insurance fund's claim (liquidation penalties reach the pool in the same
    /// transfer as the pool's own share and are owed to the fund), minus the traders' marked-to-market claim
    /// (`traderClaim`; plus when traders are behind). Reverts while a factory operation is in progress.
    function totalAssets() public view override returns (uint256) {
        int256 assets = int256(super.totalAssets());
        if (address(factory) != address(0)) assets -= int256(factory.insuranceClaim()) + traderClaim();
        return assets > 0 ? uint256(assets) : 0;
    }

    /// @notice The traders' claim on the pool with every open position marked to market, token units (negative:
    /// the traders owe the pool). Per market and side, from the factory's aggregates at the market's latest checked
    /// price (no circuit breaker): `min(PnL, reserves) - close fee owed`, at least `-collateral`. The PnL is rounded
    /// up and the fee down (the pool's liability up, its value down). Reverts while a factory operation is in
    /// progress and when a market with open positions has no usable price.
    /// @return claim Token units.
    function traderClaim() public view returns (int256 claim) {
        IVaultFactory f = factory;
        if (address(f) == address(0)) return 0;
        _checkNotInOperation();
        uint256 scale = f.tokenScale();
        uint256 n = f.marketCount();
        for (uint256 id = 0; id < n; ++id) {
            SideTotals memory longs = f.sideTotals(id, true);
            SideTotals memory shorts = f.sideTotals(id, false);
            // A market with nothing open is not priced, so a stale feed there does not stop the pool.
            if (longs.size == 0 && shorts.size == 0) continue;
            uint256 price = f.checkedPrice(id);
            (MarketParams memory p,) = f.config().market(id);
            claim += SideMark.toToken(_claimWad(longs, price, true, p.closeFeeBps), scale)
                + SideMark.toToken(_claimWad(shorts, price, false, p.closeFeeBps), scale);
        }
    }

    /// @inheritdoc ILiquidityPool
    /// @dev The token balance minus the insurance claim and the reserves: what the pool can pay out while every open
    /// position could still be paid its maximum profit. Reverts while a factory operation is in progress.
    function freeLiquidity() public view returns (uint256) {
        uint256 assets = super.totalAssets();
        IVaultFactory f = factory;
        if (address(f) == address(0)) return assets;
        _checkNotInOperation();
        uint256 held = f.insuranceClaim() + uint256(f.totalReserved());
        return assets > held ? assets - held : 0;
    }

    // --- Internal ---

    /// @dev Every share movement out of a holder (transfer or burn) waits for the holder's cooldown; a mint starts it.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0)) {
            uint256 until = cooldownEnds[from];
            if (block.timestamp < until) revert SharesInCooldown(from, until);
        }
        if (from == address(0) && to != address(0)) cooldownEnds[to] = block.timestamp + cooldown;
        super._update(from, to, value);
    }

    function _claimWad(SideTotals memory side, uint256 price, bool isLong, uint256 closeFeeBps)
        internal
        pure
        returns (int256)
    {
        return SideMark.claimWad(
            side.size, side.entryNotional, side.collateral, side.reserve, price, isLong, closeFeeBps
        );
    }

    /// @dev Virtual shares offset (OpenZeppelin's inflation-attack defence): 1e6 virtual shares per asset unit.
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    function _checkReceiver(address receiver) internal view {
        if (receiver != msg.sender && balanceOf(receiver) != 0) revert DepositForHolder(receiver);
    }

    function _checkNotInOperation() internal view {
        if (address(factory) != address(0) && factory.operationInProgress()) revert FactoryOperationInProgress();
    }

    function _setCooldown(uint256 cooldown_) internal {
        if (cooldown_ < MIN_COOLDOWN || cooldown_ > MAX_COOLDOWN) revert InvalidCooldown(cooldown_);
        cooldown = uint32(cooldown_);
        emit CooldownSet(cooldown_);
    }
}
