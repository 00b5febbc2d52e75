// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {ILiquidityPool} from "./interfaces/ILiquidityPool.sol";
import {IInsuranceFund} from "./interfaces/IInsuranceFund.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {LiquidationMath} from "./libraries/LiquidationMath.sol";
import {PackedMarkets} from "./factory/PackedMarkets.sol";
import {MarginVault} from "./MarginVault.sol";
import {IMarketConfig} from "./interfaces/IMarketConfig.sol";

/// @title VaultFactory
/// @author Vaults
/// @notice Creates one `MarginVault` clone per position, keeps the registry and the per-market configuration,
/// and runs the margin engine: every open, margin change, size change, close and liquidation goes through here
/// and is emitted from here (one address for indexers), with a per-vault sequence number.
/// @dev Design choice: the vault clone holds the position's tokens (isolation: liquidating a vault moves no
/// token of any other vault) while its accounting (two packed slots) lives in this contract. This keeps one
/// source of truth for `previewLiquidation`, lets a batch liquidation read the price once per market, and makes
/// a new vault cost a clone plus two slots. The vault's owner is an immutable argument of its clone (CREATE2
/// salt = keccak256(owner, nonce), so the address is predictable per (owner, nonce)).
/// Gas design of a liquidation: the vault sends the keeper fee to the keeper and ONE transfer to the pool that
/// carries the pool's share and the penalty; the penalty is credited to the insurance fund's claim, which lives in
/// the slot every liquidation writes anyway (the reserve total). The pool excludes the claim from its assets, bad
/// debt is paid from the claim first (an entry, no transfer), and the fund can collect the claim at any time.
/// Nothing the owner of a vault controls can block its liquidation: a full liquidation leaves the owner's remainder in
/// the vault clone to be claimed later (pull, no transfer to the owner), and `liquidateBatch` liquidates each vault in
/// a sub-call of its own, so a vault or a market that cannot be liquidated now is skipped with its reason.
/// The factory has no owner: governance lives in `MarketConfig`, and nothing here needs an admin.
contract VaultFactory is IVaultFactory, PackedMarkets, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    // --- Errors ---

    /// @notice The size is zero.
    error ZeroSize();
    /// @notice The amount (collateral or margin) is zero.
    error ZeroAmount();
    /// @notice The market is paused: opening and increasing are stopped.
    error MarketPaused(uint256 marketId);
    /// @notice The address is not an open vault of this factory.
    error VaultNotOpen(address vault);
    /// @notice The caller is not the vault's owner.
    error NotVaultOwner(address caller, address owner);
    /// @notice Equity after the change would be below the initial margin (`Q < i * N`).
    error InsufficientInitialMargin(int256 equityWad, uint256 requiredWad);
    /// @notice The oracle price is worse than the caller's bound.
    error SlippageExceeded(uint256 price, uint256 acceptablePrice);
    /// @notice The pool's free liquidity cannot cover the new reserve.
    error InsufficientPoolLiquidity(uint256 needed, uint256 free);
    /// @notice The vault is healthy (or in a state that cannot be liquidated).
    error NotLiquidatable(address vault);
    /// @notice A batch liquidated no vault (all healthy, closed or failing): a keeper that lost a race learns it at
    /// simulation, before paying for an empty transaction.
    error NothingLiquidated();
    /// @notice A batch ran out of gas inside a vault's liquidation (more gas is needed, nothing was skipped for it).
    error BatchOutOfGas(address vault);
    /// @notice Only the factory itself calls this (the batch's per-vault sub-call).
    error NotSelf();
    /// @notice After a transfer into `account` it holds less than its recorded collateral: the token took a fee on
    /// transfer (or otherwise delivered less), which the margin accounting cannot accept.
    error TokenTransferShortfall(address account, uint256 balance, uint256 needed);
    /// @notice The vault is still open, or has nothing left to claim.
    error NothingToClaim(address vault);
    /// @notice The collateral would fall below the market minimum.
    error CollateralBelowMinimum(uint256 collateral, uint256 minimum);
    /// @notice The size would fall below the market minimum (use close instead).
    error SizeBelowMinimum(uint256 size, uint256 minimum);
    /// @notice More margin requested than the vault holds.
    error InsufficientCollateral(uint256 requested, uint256 available);
    /// @notice The settlement token has more than 18 decimals.
    error UnsupportedTokenDecimals(uint8 decimals);
    /// @notice A zero address was given where one is required.
    error ZeroAddress();
    /// @notice The caller is not the market configuration.
    error NotConfig(address caller);
    /// @notice The caller is not the insurance fund.
    error NotInsuranceFund(address caller);

    // --- Events ---

    /// @notice A vault was created with its first position.
    /// @param vault The vault.
    /// @param owner The vault owner.
    /// @param marketId The market.
    /// @param isLong True for a long, false for a short.
    /// @param size Position size after the change, 18 decimals.
    /// @param entryPrice Average entry price, 18 decimals.
    /// @param collateral Collateral after the change, token units.
    /// @param openFee Open fee paid to the pool, token units.
    /// @param nonce Caller-chosen nonce of the vault address.
    /// @param seq Per-vault event sequence number.
    event VaultOpened(
        address indexed vault,
        address indexed owner,
        uint256 indexed marketId,
        bool isLong,
        uint256 size,
        uint256 entryPrice,
        uint256 collateral,
        uint256 openFee,
        uint256 nonce,
        uint256 seq
    );
    /// @notice The size of a vault changed (increase or decrease by its owner).
    /// @param vault The vault.
    /// @param seq Per-vault event sequence number.
    /// @param size Position size after the change, 18 decimals.
    /// @param entryPrice Average entry price, 18 decimals.
    /// @param collateral Collateral after the change, token units.
    /// @param realizedPnl Realised PnL (profit capped), token units; negative for a loss.
    /// @param fee Trading fee paid to the pool, token units.
    /// @param price Oracle price used, 18 decimals.
    event PositionChanged(
        address indexed vault,
        uint256 seq,
        uint256 size,
        uint256 entryPrice,
        uint256 collateral,
        int256 realizedPnl,
        uint256 fee,
        uint256 price
    );
    /// @notice Margin was added (`delta > 0`) or removed (`delta < 0`).
    /// @param vault The vault.
    /// @param seq Per-vault event sequence number.
    /// @param delta Margin added (> 0) or removed (< 0), token units.
    /// @param collateral Collateral after the change, token units.
    event MarginChanged(address indexed vault, uint256 seq, int256 delta, uint256 collateral);
    /// @notice The owner closed the vault.
    /// @param vault The vault.
    /// @param seq Per-vault event sequence number.
    /// @param realizedPnl Realised PnL (profit capped), token units; negative for a loss.
    /// @param closeFee Close fee paid to the pool, token units.
    /// @param ownerPayout Tokens paid to the owner.
    /// @param badDebt Loss beyond the collateral, token units.
    /// @param price Oracle price used, 18 decimals.
    event VaultClosed(
        address indexed vault,
        uint256 seq,
        int256 realizedPnl,
        uint256 closeFee,
        uint256 ownerPayout,
        uint256 badDebt,
        uint256 price
    );
    /// @notice A vault was liquidated, fully (`full`) or partially.
    /// @param vault The vault.
    /// @param keeper The keeper (fee receiver); not indexed (a topic costs every liquidation 119 gas more than a word).
    /// @param seq Per-vault event sequence number.
    /// @param full True for a full liquidation.
    /// @param closedSize Size closed, 18 decimals.
    /// @param keeperFee Keeper fee, token units.
    /// @param penalty Penalty credited to the insurance fund's claim (the tokens go to the pool), token units.
    /// @param ownerRemainder Tokens left to the owner after a full liquidation: they stay in the vault, claimable by the
    /// owner with `claim` (so nothing the owner controls can make the liquidation revert).
    /// @param badDebt Loss beyond the collateral, token units.
    /// @param price Oracle price used, 18 decimals.
    /// @param remainingSize Size left open (0 when full), 18 decimals.
    /// @param remainingCollateral Collateral left (0 when full), token units.
    event VaultLiquidated(
        address indexed vault,
        address keeper,
        uint256 seq,
        bool full,
        uint256 closedSize,
        uint256 keeperFee,
        uint256 penalty,
        uint256 ownerRemainder,
        uint256 badDebt,
        uint256 price,
        uint256 remainingSize,
        uint256 remainingCollateral
    );
    /// @notice A settlement of `vault` (a close, decrease or full liquidation) realised less for the pool than the
    /// pool's mark had counted (bad debt the side's mark had netted against other positions, a keeper fee the floored
    /// mark did not expect): the insurance fund paid the difference (its claim, then its own tokens) and the pool
    /// absorbed what the fund could not. Emitted for every settlement with bad debt and whenever the fund pays; the
    /// share price moves only by `byPool` (see `_settleAgainstMark`). Bad debt the mark had already floored at the
    /// collateral is no loss to the LPs, so `byInsurance + byPool` can be below the vault's bad debt.
    /// @param vault The vault.
    /// @param byInsurance Part paid by the insurance fund, token units.
    /// @param byPool Part absorbed by the pool, token units.
    event BadDebtCovered(address indexed vault, uint256 byInsurance, uint256 byPool);
    /// @notice The insurance fund's claim (penalties held by the pool) was paid out to the fund.
    /// @param amount Token units.
    event InsuranceClaimReleased(uint256 amount);
    /// @notice The insurance fund moved `amount` of its own tokens into the pool as its claim.
    /// @param amount Token units.
    event InsuranceClaimDeposited(uint256 amount);
    /// @notice The owner of a closed or liquidated vault took what it held (the liquidation remainder and any tokens
    /// sent to it since).
    /// @param vault The vault.
    /// @param to Receiver.
    /// @param seq Per-vault event sequence number.
    /// @param amount Token units.
    event RemainderClaimed(address indexed vault, address indexed to, uint256 seq, uint256 amount);
    /// @notice A batch skipped a vault: `reason` is the selector of the error its liquidation raised
    /// (`VaultNotOpen`, `NotLiquidatable`, a price error of its market such as `StalePrice`, or a token's error).
    /// @param vault The vault.
    /// @param reason The error selector (zero when the error carried no data).
    event LiquidationSkipped(address indexed vault, bytes4 reason);
    /// @notice Result of a batch liquidation.
    /// @param keeper The keeper (fee receiver).
    /// @param liquidated Number of vaults liquidated.
    /// @param skipped Number of vaults skipped.
    /// @param totalKeeperFee Sum of the keeper fees paid.
    event BatchLiquidated(address indexed keeper, uint256 liquidated, uint256 skipped, uint256 totalKeeperFee);

    // --- Types ---

    // --- Constants and immutables ---

    uint256 private constant _BPS = 1e4;

    /// @notice The settlement token (any ERC20 with at most 18 decimals).
    IERC20 public immutable settlementToken;
    /// @notice `10 ** (18 - decimals)`: converts token units to 18-decimal quote value.
    uint256 public immutable tokenScale;
    /// @notice The counterparty pool.
    address public immutable pool;
    /// @notice The insurance fund.
    address public immutable insuranceFund;
    /// @notice The `MarginVault` implementation behind every clone.
    address public immutable vaultImplementation;
    /// @notice Market parameters, pause and guardian.
    IMarketConfig public immutable config;

    // --- Storage ---

    /// @dev Sum of the reserves of open positions (see `totalReserved`). 104 bits hold 2e31 token units, far
    /// beyond any pool; every write is a checked cast.
    uint104 private _totalReserved;
    /// @dev Liquidation penalties owed to the insurance fund and still held by the pool (see `insuranceClaim`).
    /// It shares the slot that every liquidation writes anyway (the reserve release), so crediting the fund costs
    /// no storage write of its own and no token transfer.
    uint104 private _insuranceClaim;
    /// @dev Number of vaults ever created (see `vaultCount`).
    uint40 private _vaultCount;
    /// @dev Always 1 (set in the constructor): keeps this slot non-zero, so the system's first open pays a warm
    /// 2,900-gas rewrite instead of a 20,000-gas zero-to-non-zero write.
    uint8 private _slotKeepAlive;

    mapping(address vault => Position) private _positions;

    // --- Constructor ---

    /// @notice Deploys the vault implementation and binds the token, pool, fund and configuration.
    /// @param token_ Settlement token.
    /// @param pool_ Liquidity pool (its factory is set by its owner afterwards).
    /// @param insuranceFund_ Insurance fund (its factory is set by its owner afterwards).
    /// @param config_ Market configuration.
    constructor(IERC20 token_, address pool_, address insuranceFund_, IMarketConfig config_) {
        if (
            address(token_) == address(0) || pool_ == address(0) || insuranceFund_ == address(0)
                || address(config_) == address(0)
        ) {
            revert ZeroAddress();
        }
        uint8 dec = IERC20Metadata(address(token_)).decimals();
        if (dec > 18) revert UnsupportedTokenDecimals(dec);
        settlementToken = token_;
        tokenScale = 10 ** (18 - dec);
        pool = pool_;
        insuranceFund = insuranceFund_;
        config = config_;
        vaultImplementation = address(new MarginVault(token_));
        _slotKeepAlive = 1;
    }

    // --- Configuration ---

    /// @notice Stores the factory's packed copy of a market; called by `config` on every change of the market's
    /// parameters, pause state or the sequencer feed, with the words `MarketPacking.pack` made. The first sync also
    /// sets the sentinels of the market's side aggregates, so the first open of the market pays no zero-to-non-zero
    /// write.
    /// @param marketId Market.
    /// @param words The market's packed words (see `MarketPacking`).
    function syncMarket(uint256 marketId, uint256[5] calldata words) external override {
        if (msg.sender != address(config)) revert NotConfig(msg.sender);
        _storeMarket(marketId, words);
    }

    // --- Trading ---

    /// @notice Creates a vault for the caller and opens its position. The caller pays `collateral` into the
    /// vault and the open fee into the pool (approve the factory for `collateral + fee`). Passes the circuit breaker.
    /// @param marketId Market.
    /// @param isLong Side.
    /// @param collateral Margin in token units.
    /// @param size Position size, 18 decimals.
    /// @param acceptablePrice Worst price accepted (max for a long, min for a short), 18 decimals.
    /// @param nonce Caller-chosen nonce; the vault address is `predictVaultAddress(msg.sender, nonce)`.
    /// @return vault The new vault.
    function openVault(
        uint256 marketId,
        bool isLong,
        uint256 collateral,
        uint256 size,
        uint256 acceptablePrice,
        uint256 nonce
    ) external nonReentrant returns (address vault) {
        if (size == 0) revert ZeroSize();
        if (collateral == 0) revert ZeroAmount();
        PriceAndFees memory f = _priceAndFees(marketId);
        Limits memory limits = _markets[marketId].limits;
        TradingLimits memory tr = _markets[marketId].trading;
        if (limits.paused) revert MarketPaused(marketId);
        if (collateral < limits.minCollateral) revert CollateralBelowMinimum(collateral, limits.minCollateral);
        if (size < limits.minSize) revert SizeBelowMinimum(size, limits.minSize);
        uint256 price = _guardedPrice(f, limits.sequencerCheck);
        _checkSlippage(price, acceptablePrice, isLong);

        uint256 n = MarginMath.notionalUp(size, price);
        uint256 fee = MarginMath.feeUp(n, tr.openFeeBps, tokenScale);
        _checkInitialMargin(int256(collateral * tokenScale), n, tr.initialMarginBps, f.closeFeeBps);
        // The reserve is also the profit cap, so the trader never gets more than reserved; it is bounded by the
        // position's notional, so a tiny position with a large collateral reserves next to nothing.
        uint256 reserve = LiquidationMath.reserveFor(size, price, collateral, tr.profitCapBps, tokenScale);
        _reserve(reserve);
        _moveInSide(marketId, isLong, [uint256(0), 0, 0, 0], [size, price, collateral, reserve], tr.maxOpenInterest);

        address owner_ = msg.sender;
        vault = Clones.cloneDeterministicWithImmutableArgs(
            vaultImplementation, abi.encodePacked(owner_), keccak256(abi.encode(owner_, nonce))
        );
        _storePosition(
            _positions[vault],
            _packHead(size.toUint96(), price.toUint96(), 1, marketId, isLong, Status.Open),
            collateral.toUint128() | (reserve << 128)
        );
        unchecked {
            // A uint40 counter of deployments (one per transaction at most) cannot overflow.
            ++_vaultCount;
        }
        settlementToken.safeTransferFrom(owner_, vault, collateral);
        _checkHolds(vault, collateral);
        if (fee != 0) settlementToken.safeTransferFrom(owner_, pool, fee);
        emit VaultOpened(vault, owner_, marketId, isLong, size, price, collateral, fee, nonce, 1);
    }

    /// @notice Adds margin to an open vault, paid by the caller (anyone may top up any vault). Never blocked by a
    /// pause or a bad price.
    /// @param vault Vault.
    /// @param amount Token units.
    function addMargin(address vault, uint256 amount) external nonReentrant {
        _addMargin(vault, msg.sender, amount);
    }

    /// @notice Withdraws margin while `C' + min(PnL, 0) - closeFee >= i * N` (unrealised profit never backs
    /// a withdrawal). Adds risk, so it passes the circuit breaker. Owner only (directly or through the vault).
    /// @param vault Vault.
    /// @param amount Token units.
    /// @param to Receiver.
    function removeMargin(address vault, uint256 amount, address to) external nonReentrant {
        Position storage pos = _openPosition(vault);
        _authOwner(vault);
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        uint256 marketId = pos.marketId;
        PriceAndFees memory f = _priceAndFees(marketId);
        Limits memory limits = _markets[marketId].limits;
        TradingLimits memory tr = _markets[marketId].trading;
        uint256 c = pos.collateral;
        if (amount > c) revert InsufficientCollateral(amount, c);
        uint256 price = _guardedPrice(f, limits.sequencerCheck);
        uint256 newC = c - amount;
        if (newC < limits.minCollateral) revert CollateralBelowMinimum(newC, limits.minCollateral);
        bool isLong = pos.isLong;
        int256 pnl = MarginMath.pnlWad(pos.size, pos.entryPrice, price, isLong);
        int256 q = int256(newC * tokenScale) + (pnl < 0 ? pnl : int256(0));
        _checkInitialMargin(q, MarginMath.notionalUp(pos.size, price), tr.initialMarginBps, f.closeFeeBps);

        uint256 r = pos.reserve;
        uint256 newR = Math.min(r, Math.mulDiv(newC, tr.profitCapBps, _BPS));
        _totalReserved -= uint104(r - newR);
        uint256 s = pos.size;
        uint256 e = pos.entryPrice;
        _moveInSide(marketId, isLong, [s, e, c, r], [s, e, newC, newR], type(uint256).max);
        uint32 seq = pos.seq + 1;
        _storePosition(pos, _packHead(s, e, seq, marketId, isLong, Status.Open), newC | (newR << 128));
        MarginVault(vault).transferOut(to, amount);
        emit MarginChanged(vault, seq, -int256(amount), newC);
    }

    /// @notice Increases the size at the oracle price; optional extra margin and the open fee are paid by the
    /// owner. Requires `Q >= i * N` after. Blocked by a pause; passes the circuit breaker. Owner only.
    /// @param vault Vault.
    /// @param sizeDelta Added size, 18 decimals.
    /// @param marginDelta Added margin in token units (may be 0).
    /// @param acceptablePrice Worst price accepted (max for a long, min for a short).
    function increasePosition(address vault, uint256 sizeDelta, uint256 marginDelta, uint256 acceptablePrice)
        external
        nonReentrant
    {
        Position storage pos = _openPosition(vault);
        address owner_ = _authOwner(vault);
        if (sizeDelta == 0) revert ZeroSize();
        uint256 marketId = pos.marketId;
        PriceAndFees memory f = _priceAndFees(marketId);
        Limits memory limits = _markets[marketId].limits;
        TradingLimits memory tr = _markets[marketId].trading;
        if (limits.paused) revert MarketPaused(marketId);
        bool isLong = pos.isLong;
        uint256 price = _guardedPrice(f, limits.sequencerCheck);
        _checkSlippage(price, acceptablePrice, isLong);

        uint256 s = pos.size;
        uint256 e = pos.entryPrice;
        uint256 newS = s + sizeDelta;
        uint256 newE = MarginMath.averageEntry(s, e, sizeDelta, price, isLong);
        uint256 newC = pos.collateral + marginDelta;
        uint256 r = pos.reserve;
        uint256 newR = LiquidationMath.reserveFor(newS.toUint96(), newE.toUint96(), newC, tr.profitCapBps, tokenScale);
        // Profit counts up to the new reserve (the most the position can ever be paid).
        _checkInitialMargin(
            int256(newC * tokenScale) + _cappedPnlWad(newS, newE, price, isLong, newR),
            MarginMath.notionalUp(newS, price),
            tr.initialMarginBps,
            f.closeFeeBps
        );
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(sizeDelta, price), tr.openFeeBps, tokenScale);
        if (newR > r) _reserve(newR - r);
        else _totalReserved -= uint104(r - newR);
        _moveInSide(marketId, isLong, [s, e, pos.collateral, r], [newS, newE, newC, newR], tr.maxOpenInterest);

        uint32 seq = pos.seq + 1;
        _storePosition(
            pos,
            _packHead(newS.toUint96(), newE.toUint96(), seq, marketId, isLong, Status.Open),
            newC.toUint128() | (newR << 128)
        );
        if (marginDelta != 0) {
            settlementToken.safeTransferFrom(owner_, vault, marginDelta);
            _checkHolds(vault, newC);
        }
        if (fee != 0) settlementToken.safeTransferFrom(owner_, pool, fee);
        emit PositionChanged(vault, seq, newS, newE, newC, 0, fee, price);
    }

    /// @notice Reduces the size at the oracle price, realising the proportional PnL (profit capped) and the
    /// close fee into the collateral. Never blocked by a pause or the circuit breaker. Owner only.
    /// @param vault Vault.
    /// @param sizeDelta Removed size (< size; use `closeVault` to close).
    /// @param acceptablePrice Worst price accepted (min for a long, max for a short).
    function decreasePosition(address vault, uint256 sizeDelta, uint256 acceptablePrice) external nonReentrant {
        Position storage pos = _openPosition(vault);
        _authOwner(vault);
        if (sizeDelta == 0) revert ZeroSize();
        uint256 marketId = pos.marketId;
        PriceAndFees memory f = _priceAndFees(marketId);
        Limits memory limits = _markets[marketId].limits;
        bool isLong = pos.isLong;
        uint256 price = _latestPrice(f, limits.sequencerCheck);
        _checkSlippage(price, acceptablePrice, !isLong);
        uint256 s = pos.size;
        if (sizeDelta >= s || s - sizeDelta < limits.minSize) {
            revert SizeBelowMinimum(s - Math.min(s, sizeDelta), limits.minSize);
        }

        uint256 e = pos.entryPrice;
        uint256 c = pos.collateral;
        uint256 r = pos.reserve;
        // Profit cap of the closed part rounded down.
        uint256 capPart = Math.mulDiv(r, sizeDelta, s);
        int256 rp = LiquidationMath.realizedPnl(sizeDelta, e, price, isLong, capPart, tokenScale);
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(sizeDelta, price), f.closeFeeBps, tokenScale);
        int256 newC = int256(c) + rp - int256(fee);
        uint256 minC = limits.minCollateral;
        if (newC < int256(minC) || newC <= 0) revert CollateralBelowMinimum(newC > 0 ? uint256(newC) : 0, minC);
        uint256 newS = s - sizeDelta;
        // The rest keeps its share of the reserve, re-sized to what the smaller position can win now.
        uint256 newR = Math.min(
            r - capPart,
            LiquidationMath.reserveFor(newS, e, uint256(newC), _markets[marketId].trading.profitCapBps, tokenScale)
        );
        (uint256 sideBefore, uint256 sideAfter) =
            _moveInSide(marketId, isLong, [s, e, c, r], [newS, e, uint256(newC), newR], type(uint256).max);
        uint32 seq = pos.seq + 1;
        _storePosition(
            pos, _packHead(newS, e, seq, marketId, isLong, Status.Open), uint256(newC).toUint128() | (newR << 128)
        );
        int256 net = int256(fee) - rp;
        _settleAgainstMark(
            vault,
            r - newR,
            0,
            net,
            0,
            _markMove(sideBefore, sideAfter, price, isLong, f.closeFeeBps)
        );
        if (net > 0) {
            MarginVault(vault).transferOut(pool, uint256(net));
        } else if (net < 0) {
            ILiquidityPool(pool).payTo(vault, uint256(-net));
            _checkHolds(vault, uint256(newC));
        }
        emit PositionChanged(vault, seq, newS, e, uint256(newC), rp, fee, price);
    }

    /// @notice Closes the position at the oracle price and pays the owner. Never blocked by a pause or the circuit
    /// breaker, but it reverts on a broken price (never settles on one). An underwater close records bad debt.
    /// @param vault Vault.
    /// @param acceptablePrice Worst price accepted (min for a long, max for a short).
    function closeVault(address vault, uint256 acceptablePrice) external nonReentrant {
        Position storage pos = _openPosition(vault);
        address owner_ = _authOwner(vault);
        uint256 marketId = pos.marketId;
        PriceAndFees memory f = _priceAndFees(marketId);
        bool isLong = pos.isLong;
        uint256 price = _latestPrice(f, _markets[marketId].limits.sequencerCheck);
        _checkSlippage(price, acceptablePrice, !isLong);

        uint256 s = pos.size;
        uint256 c = pos.collateral;
        uint256 r = pos.reserve;
        int256 rp = LiquidationMath.realizedPnl(s, pos.entryPrice, price, isLong, r, tokenScale);
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(s, price), f.closeFeeBps, tokenScale);
        int256 afterPnl = int256(c) + rp;
        uint256 badDebt;
        uint256 payout;
        if (afterPnl < 0) {
            // Loss beyond the collateral: the pool takes everything, the rest is bad debt, the fee is waived.
            badDebt = uint256(-afterPnl);
            fee = 0;
        } else {
            fee = Math.min(fee, uint256(afterPnl));
            payout = uint256(afterPnl) - fee;
        }
        (uint256 sideBefore, uint256 sideAfter) =
            _moveInSide(marketId, isLong, [s, pos.entryPrice, c, r], [uint256(0), 0, 0, 0], type(uint256).max);
        uint32 seq = pos.seq + 1;
        _storePosition(pos, _packHead(0, pos.entryPrice, seq, marketId, isLong, Status.Closed), 0);

        // Net flow with the pool: > 0 the vault pays the pool (loss actually paid + fee).
        int256 net = int256(fee) - rp - int256(badDebt);
        _settleAgainstMark(
            vault,
            r,
            0,
            net,
            badDebt,
            _markMove(sideBefore, sideAfter, price, isLong, f.closeFeeBps)
        );

        if (net >= 0) {
            MarginVault(vault).disburse(pool, uint256(net), owner_, payout);
        } else {
            MarginVault(vault).transferOut(owner_, c);
            ILiquidityPool(pool).payTo(owner_, uint256(-net));
        }
        emit VaultClosed(vault, seq, rp, fee, payout, badDebt, price);
    }

    /// @notice Pays the owner of a closed or liquidated vault everything the vault still holds: the remainder of
    /// its full liquidation, and any tokens sent to it since. Owner only (directly or through the vault).
    /// @param vault Vault.
    /// @param to Receiver.
    /// @return amount Token units paid.
    /// @inheritdoc IVaultFactory
    function claim(address vault, address to) external nonReentrant returns (uint256 amount) {
        Position storage pos = _positions[vault];
        Status status = pos.status;
        if (status == Status.None || status == Status.Open) revert NothingToClaim(vault);
        _authOwner(vault);
        if (to == address(0)) revert ZeroAddress();
        amount = settlementToken.balanceOf(vault);
        if (amount == 0) revert NothingToClaim(vault);
        pos.collateral = 0;
        uint256 seq = ++pos.seq;
        MarginVault(vault).transferOut(to, amount);
        emit RemainderClaimed(vault, to, seq, amount);
    }

    // --- Liquidation ---

    /// @notice Liquidates `vault` exactly as `previewLiquidation` says; the keeper fee goes to the caller. What was
    /// done is in the `VaultLiquidated` event (no return data: encoding it would cost every keeper gas).
    /// @param vault Vault.
    function liquidate(address vault) external nonReentrant {
        _liquidate(vault, msg.sender);
    }

    /// @notice Liquidates every liquidatable vault of the list, each in a sub-call of its own: a vault that is not
    /// open, healthy, in a market whose price cannot be read now, or whose liquidation fails for any other reason is
    /// skipped with a `LiquidationSkipped` event naming the error, and the others go on. Reverts with
    /// `NothingLiquidated` when it liquidates none, so a keeper that lost a race learns it at simulation. Keeper
    /// fees go to the caller.
    /// @param vaults Vaults to try.
    /// @return liquidated Number of vaults liquidated.
    /// @return totalKeeperFee Sum of the keeper fees paid to the caller.
    /// @return done Per input vault: liquidated or not.
    function liquidateBatch(address[] calldata vaults)
        external
        nonReentrant
        returns (uint256 liquidated, uint256 totalKeeperFee, bool[] memory done)
    {
        done = new bool[](vaults.length);
        for (uint256 k = 0; k < vaults.length; ++k) {
            address vault = vaults[k];
            uint256 gasBefore = gasleft();
            try this.liquidateInBatch(vault, msg.sender) returns (uint256 keeperFee) {
                done[k] = true;
                unchecked {
                    // Bounded by the array length and the vaults' collateral.
                    ++liquidated;
                    totalKeeperFee += keeperFee;
                }
            } catch (bytes memory reason) {
                // A sub-call that ran out of gas leaves at most 1/64 of the gas behind: the batch was sent with too
                // little gas, and skipping the vault would let a gas estimate hide it.
                if (gasleft() <= gasBefore / 63) revert BatchOutOfGas(vault);
                emit LiquidationSkipped(vault, reason.length >= 4 ? bytes4(reason) : bytes4(0));
            }
        }
        if (liquidated == 0) revert NothingLiquidated();
        emit BatchLiquidated(msg.sender, liquidated, vaults.length - liquidated, totalKeeperFee);
    }

    /// @notice One vault's liquidation inside `liquidateBatch` (which holds the reentrancy lock); only the factory.
    /// @param vault Vault.
    /// @param keeper Fee receiver.
    /// @return keeperFee The keeper fee paid.
    function liquidateInBatch(address vault, address keeper) external returns (uint256 keeperFee) {
        if (msg.sender != address(this)) revert NotSelf();
        return _liquidate(vault, keeper);
    }

    // --- Insurance fund ---

    /// @inheritdoc IVaultFactory
    /// @dev Only the insurance fund. The pool pays the whole claim to the fund; the claim is zeroed first (CEI).
    function releaseInsuranceClaim() external nonReentrant returns (uint256 amount) {
        if (msg.sender != insuranceFund) revert NotInsuranceFund(msg.sender);
        amount = _insuranceClaim;
        if (amount == 0) return 0;
        _insuranceClaim = 0;
        emit InsuranceClaimReleased(amount);
        ILiquidityPool(pool).payTo(insuranceFund, amount);
    }

    /// @inheritdoc IVaultFactory
    /// @dev Only the insurance fund (which approved the factory). Parking the fund's capital in the pool as its
    /// claim makes covering bad debt an entry in this contract instead of a call into the fund and a transfer.
    function depositInsuranceClaim(uint256 amount) external nonReentrant {
        if (msg.sender != insuranceFund) revert NotInsuranceFund(msg.sender);
        if (amount == 0) revert ZeroAmount();
        _insuranceClaim = (_insuranceClaim + amount).toUint104();
        emit InsuranceClaimDeposited(amount);
        settlementToken.safeTransferFrom(insuranceFund, pool, amount);
    }

    // --- Views ---

    /// @inheritdoc IVaultFactory
    function totalReserved() external view returns (uint128) {
        return _totalReserved;
    }

    /// @inheritdoc IVaultFactory
    function insuranceClaim() external view returns (uint256) {
        return _insuranceClaim;
    }

    /// @notice Number of vaults ever created.
    function vaultCount() external view returns (uint64) {
        return _vaultCount;
    }

    /// @inheritdoc IVaultFactory
    function operationInProgress() external view returns (bool) {
        return _reentrancyGuardEntered();
    }

    /// @notice True if `vault` was created by this factory (any status).
    /// @param vault Address to check.
    function isVault(address vault) external view returns (bool) {
        return _positions[vault].status != Status.None;
    }

    /// @inheritdoc IVaultFactory
    function position(address vault) external view returns (Position memory) {
        return _positions[vault];
    }

    /// @inheritdoc IVaultFactory
    function sideTotals(uint256 marketId, bool isLong) external view returns (SideTotals memory totals) {
        return _sideTotals(marketId, isLong);
    }

    /// @inheritdoc IVaultFactory
    function marketCount() external view returns (uint256) {
        return _marketCount();
    }

    /// @notice Checked oracle price of a market, 18 decimals, as liquidations, closes and decreases settle at it
    /// (reverts on a broken price; no circuit breaker).
    /// @param marketId Market.
    /// @return price The price, 18 decimals.
    function checkedPrice(uint256 marketId) external view returns (uint256 price) {
        return _latestPrice(_priceAndFees(marketId), _markets[marketId].limits.sequencerCheck);
    }

    /// @inheritdoc IVaultFactory
    function ownerOf(address vault) public view returns (address) {
        if (_positions[vault].status == Status.None) return address(0);
        return _ownerOf(vault);
    }

    /// @inheritdoc IVaultFactory
    /// @dev Exact against the liquidation predicate. Long: the HIGHEST 18-decimal price at which the vault is
    /// liquidatable (0 if none). Short: the LOWEST 18-decimal price at which it is liquidatable. Fee-aware (close
    /// fee owed) and tier-aware (tier from the entry notional). Needs no oracle read.
    function liquidationPrice(address vault) external view returns (uint256) {
        Position memory pos = _positions[vault];
        if (pos.status != Status.Open) return 0;
        LiquidationMath.Terms memory t = _tierTerms(pos.marketId);
        return MarginMath.liquidationPrice(
            uint256(pos.collateral) * tokenScale,
            pos.size,
            pos.entryPrice,
            pos.isLong,
            LiquidationMath.maintenanceBps(t, LiquidationMath.entryNotional(pos)),
            t.closeFeeBps
        );
    }

    /// @inheritdoc IVaultFactory
    /// @dev The single source of truth for liquidations: `liquidate` executes exactly this at the same block.
    /// Reverts on a broken price (never on a large move); `liquidatable` is false for unknown, closed and healthy
    /// vaults.
    function previewLiquidation(address vault) external view returns (LiquidationPreview memory p) {
        (,, p) = _evaluate(vault);
    }

    // --- Internal: flows ---

    function _addMargin(address vault, address payer, uint256 amount) internal {
        Position storage pos = _openPosition(vault);
        if (amount == 0) revert ZeroAmount();
        // Adding margin does not raise the reserve, so it can never be blocked by pool liquidity, and it reads no
        // price, so no oracle fault can block it either.
        uint256 newC = pos.collateral + amount;
        uint256 s = pos.size;
        uint256 e = pos.entryPrice;
        uint256 r = pos.reserve;
        bool isLong = pos.isLong;
        uint256 marketId = pos.marketId;
        // Only the side's collateral sum moves: its term (see `PackedMarkets._sideTerms`) before and after.
        uint256 scale = tokenScale;
        _updateSide(marketId, isLong, (newC - amount) * scale / _SIDE_UNIT << 160, newC * scale / _SIDE_UNIT << 160, 0);
        uint32 seq = pos.seq + 1;
        _storePosition(pos, _packHead(s, e, seq, marketId, isLong, Status.Open), newC.toUint128() | (r << 128));
        settlementToken.safeTransferFrom(payer, vault, amount);
        _checkHolds(vault, newC);
        emit MarginChanged(vault, seq, int256(amount), newC);
    }

    /// @dev Liquidates `vault` as `previewLiquidation` says, or reverts with the reason it cannot.
    function _liquidate(address vault, address keeper) internal returns (uint256) {
        (Position memory pos, LiquidationMath.Terms memory t, LiquidationPreview memory p) = _evaluate(vault);
        if (pos.status != Status.Open) revert VaultNotOpen(vault);
        if (!p.liquidatable) revert NotLiquidatable(vault);
        _executeLiquidation(vault, pos, p, t, keeper);
        return p.keeperFee;
    }

    /// @dev What liquidating `vault` would do now: the one evaluation `previewLiquidation` shows and `liquidate`
    /// executes (one call site, so the margin engine's code is in the contract once). Empty for a vault not open.
    function _evaluate(address vault)
        internal
        view
        returns (Position memory pos, LiquidationMath.Terms memory t, LiquidationPreview memory p)
    {
        pos = _loadPosition(vault);
        if (pos.status != Status.Open) return (pos, t, p);
        t = _liquidationTerms(pos.marketId, tokenScale);
        LiquidationMath.evaluate(pos, t, p);
    }

    // Effects, then the transfers of the waterfall in their fixed order, then the event: one readable sequence.
    // solhint-disable-next-line function-max-lines
    function _executeLiquidation(
        address vault,
        Position memory pos,
        LiquidationPreview memory p,
        LiquidationMath.Terms memory t,
        address keeper
    ) internal {
        uint32 seq = pos.seq + 1;
        uint256 r = pos.reserve;
        uint256 newR;
        if (!p.full) {
            // The closed part's share of the reserve is released (rounded down: the profit cap `evaluate` used), and
            // the rest is re-sized to what the smaller position with less collateral can win now.
            uint256 kept;
            unchecked {
                // r < 2**104 and closedSize <= size < 2**96: no overflow, and the share is at most r.
                kept = r - r * p.closedSize / pos.size;
            }
            newR = Math.min(
                kept,
                LiquidationMath.reserveFor(
                    p.remainingSize, pos.entryPrice, p.remainingCollateral, t.profitCapBps, t.tokenScale
                )
            );
        }
        // A full liquidation leaves the owner's remainder in the vault as its recorded (claimable) collateral.
        _storePosition(
            _positions[vault],
            _packHead(
                p.remainingSize, pos.entryPrice, seq, pos.marketId, pos.isLong, p.full ? Status.Liquidated : Status.Open
            ),
            (p.full ? p.ownerRemainder : p.remainingCollateral).toUint128() | (newR << 128)
        );
        // The hot path: the side's terms computed in place rather than through `_moveInSide`'s arrays.
        uint256 scale = t.tokenScale;
        (uint256 sideBefore, uint256 sideAfter) = _updateSide(
            pos.marketId,
            pos.isLong,
            _sideTerms(pos.size, pos.entryPrice, pos.collateral, r, pos.isLong, scale),
            p.full ? 0 : _sideTerms(p.remainingSize, pos.entryPrice, p.remainingCollateral, newR, pos.isLong, scale),
            type(uint256).max
        );
        // Net flow with the pool: > 0 the vault pays (loss actually paid + close fee + penalty), < 0 the pool pays.
        // Nothing goes to the owner: what is left stays in the vault (full) or is its collateral (partial). The
        // penalty travels to the pool in the same transfer as the pool's own share and is credited to the insurance
        // fund as a claim (no transfer to the fund).
        int256 net = int256(p.closeFee + p.penalty) - p.realizedPnl - int256(p.badDebt);
        if (p.full) {
            _settleAgainstMark(
                vault,
                r,
                p.penalty,
                net - int256(p.penalty),
                p.badDebt,
                _markMove(sideBefore, sideAfter, t.price, pos.isLong, t.closeFeeBps)
            );
        } else {
            // A partial liquidation closes part of a losing position and leaves no bad debt, so it realises what the
            // side's mark counted, up to rounding, unless the side is capped or floored as a whole: not settled
            // against the mark, which would cost it its gas budget (README, "Known limits of the mark to market").
            _releaseReserveAndMoveClaim(r - newR, p.penalty, 0);
        }
        if (net < 0) {
            // A profit larger than the fees reaches the vault before it pays the keeper.
            ILiquidityPool(pool).payTo(vault, uint256(-net));
            MarginVault(vault).transferOut(keeper, p.keeperFee);
            _checkHolds(vault, p.full ? p.ownerRemainder : p.remainingCollateral);
        } else {
            MarginVault(vault).disburse(keeper, p.keeperFee, pool, uint256(net));
        }
        emit VaultLiquidated(
            vault,
            keeper,
            seq,
            p.full,
            p.closedSize,
            p.keeperFee,
            p.penalty,
            p.ownerRemainder,
            p.badDebt,
            p.price,
            p.remainingSize,
            p.remainingCollateral
        );
    }

    // --- Internal: helpers ---

    function _reserve(uint256 amount) internal {
        uint256 free = _freeLiquidity();
        if (amount > free) revert InsufficientPoolLiquidity(amount, free);
        _totalReserved = (_totalReserved + amount).toUint104();
    }

    /// @dev Reads a position's two slots with one load each, laid out as `_storePosition` describes.
    function _loadPosition(address vault) internal view returns (Position memory pos) {
        Position storage stored = _positions[vault];
        uint256 head;
        uint256 funds;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            head := sload(stored.slot)
            funds := sload(add(stored.slot, 1))
        }
        pos.size = uint96(head);
        pos.entryPrice = uint96(head >> 96);
        pos.seq = uint32(head >> 192);
        pos.marketId = uint16(head >> 224);
        pos.isLong = uint8(head >> 240) != 0;
        pos.status = Status(uint8(head >> 248));
        pos.collateral = uint128(funds);
        pos.reserve = uint128(funds >> 128);
    }

    /// @dev Settles a close, decrease or full liquidation against the pool's mark, so the LP share price does not
    /// jump. The pool values each side as a whole (`SideMark`), while a settlement realises one position: what the
    /// pool received (`poolReceipt`, token units, the penalty left out) plus the fall of its side's mark (`markMove`,
    /// wad, `PackedMarkets._markMove`) is the LPs' gain from the settlement itself, zero up to the side sums' rounding
    /// unless a cap or a floor binds differently for the position and for its side. A gain (a profit past the
    /// position's own cap while its side is not capped) is credited to the insurance fund's claim, rounded up (the
    /// pool's value is never overstated); a loss (bad debt the side's mark had netted against other positions, a side
    /// floored as a whole) is paid from the claim, then from the fund's own tokens, and the pool absorbs what the fund
    /// cannot pay. A loss below one milli-unit (the side sums' unit) is their rounding and stays with the pool (no call
    /// to the fund). Bad debt the mark had already floored at the position's collateral is no loss to the LPs and the
    /// fund pays nothing for it.
    function _settleAgainstMark(
        address vault,
        uint256 released,
        uint256 penalty,
        int256 poolReceipt,
        uint256 badDebt,
        int256 markMove
    ) internal {
        uint256 scale = tokenScale;
        uint256 credit = penalty;
        uint256 owed; // the fund's share of a loss, token units
        unchecked {
            // |poolReceipt| < 2**129 token units and scale <= 1e18, |markMove| < 2**162 wad: no overflow.
            int256 gainWad = poolReceipt * int256(scale) + markMove;
            if (gainWad >= 0) {
                credit += (uint256(gainWad) + scale - 1) / scale;
            } else if (uint256(-gainWad) >= _SIDE_UNIT) {
                owed = uint256(-gainWad) / scale;
            }
        }
        uint256 fromClaim = _releaseReserveAndMoveClaim(released, credit, owed);
        if (owed == 0 && badDebt == 0) return;
        uint256 fromFund = owed > fromClaim ? IInsuranceFund(insuranceFund).coverBadDebt(owed - fromClaim) : 0;
        emit BadDebtCovered(vault, fromClaim + fromFund, owed - fromClaim - fromFund);
    }

    /// @dev `_totalReserved -= released; _insuranceClaim += credit`, then takes up to `debit` from the claim, with one
    /// read and one write of the slot they share (separate statements would rewrite it each time). Both are uint104:
    /// reserved in bits 0-103, the claim in 104-207; the vault count and the keep-alive byte above are kept as they are.
    /// Returns what the claim paid of `debit`.
    function _releaseReserveAndMoveClaim(uint256 released, uint256 credit, uint256 debit)
        internal
        returns (uint256 debited)
    {
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(_totalReserved.slot)
        }
        uint256 reserved = uint104(word) - released; // checked: never below zero
        uint256 held = uint256(uint104(word >> 104)) + credit;
        debited = Math.min(held, debit);
        word = (word >> 208 << 208) | reserved | (uint256((held - debited).toUint104()) << 104);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(_totalReserved.slot, word)
        }
    }

    /// @dev Writes a position's two slots with one store each (assigning fields would read and rewrite the slot once
    /// per packed field); every flow writes its position through here. The layout is `Position`'s: slot 0 holds size (bits 0-95), entryPrice (96-191), seq
    /// (192-223), marketId (224-239), isLong (240-247) and status (248-255) (see `_packHead`); slot 1 collateral
    /// (0-127) and reserve (128-255).
    function _storePosition(Position storage stored, uint256 head, uint256 funds) internal {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(stored.slot, head)
            sstore(add(stored.slot, 1), funds)
        }
    }

    /// @dev Slot 0 of a position; every value is already within its field (stored or checked before).
    function _packHead(uint256 size, uint256 entryPrice, uint256 seq, uint256 marketId, bool isLong, Status status)
        internal
        pure
        returns (uint256)
    {
        return size | (entryPrice << 96) | (seq << 192) | (marketId << 224) | (isLong ? uint256(1) << 240 : 0)
            | (uint256(status) << 248);
    }

    function _openPosition(address vault) internal view returns (Position storage pos) {
        pos = _positions[vault];
        if (pos.status != Status.Open) revert VaultNotOpen(vault);
    }

    /// @dev The owner directly, or the vault itself (which checked that its caller is the owner).
    function _authOwner(address vault) internal view returns (address owner_) {
        owner_ = _ownerOf(vault);
        if (msg.sender != owner_ && msg.sender != vault) revert NotVaultOwner(msg.sender, owner_);
    }

    function _ownerOf(address vault) internal view returns (address) {
        return address(bytes20(Clones.fetchCloneArgs(vault)));
    }

    /// @dev Requires `Q * 1e4 >= (i + closeFee) * N` (N rounded up: against the trader).
    function _checkInitialMargin(int256 equityWad, uint256 notionalWad, uint256 initialBps, uint256 closeFeeBps)
        internal
        pure
    {
        uint256 required = Math.mulDiv(notionalWad, initialBps + closeFeeBps, _BPS, Math.Rounding.Ceil);
        if (equityWad < int256(required)) revert InsufficientInitialMargin(equityWad, required);
    }

    /// @dev Unrealised PnL in wad, a profit capped at `reserve` token units.
    function _cappedPnlWad(uint256 s, uint256 e, uint256 price, bool isLong, uint256 reserve)
        internal
        view
        returns (int256)
    {
        int256 pnl = MarginMath.pnlWad(s, e, price, isLong);
        int256 cap = int256(reserve * tokenScale);
        return pnl > cap ? cap : pnl;
    }

    /// @dev Buying (long open/increase, short reduce/close) needs `price <= acceptable`; selling the reverse.
    function _checkSlippage(uint256 price_, uint256 acceptable, bool buying) internal pure {
        if (buying ? price_ > acceptable : price_ < acceptable) revert SlippageExceeded(price_, acceptable);
    }

    function _freeLiquidity() internal view returns (uint256) {
        uint256 assets = settlementToken.balanceOf(pool);
        // The pool's balance also holds the insurance fund's claim, which is not the LPs' liquidity.
        uint256 held = uint256(_totalReserved) + _insuranceClaim;
        return assets > held ? assets - held : 0;
    }

    /// @dev Reverts unless `account` holds at least `needed` after a transfer into it: a token that takes a fee on
    /// transfer is refused the moment it delivers less than the accounting records.
    function _checkHolds(address account, uint256 needed) internal view {
        uint256 balance = settlementToken.balanceOf(account);
        if (balance < needed) revert TokenTransferShortfall(account, balance, needed);
    }

    /// @dev Replaces a position's contribution to its side's aggregates: `before` and `afterwards` are its size, entry
    /// price, collateral and reserve (all zero when it is not open). One function for every flow, so the terms are
    /// computed in one place (see `PackedMarkets._sideTerms`).
    function _moveInSide(
        uint256 marketId,
        bool isLong,
        uint256[4] memory before,
        uint256[4] memory afterwards,
        uint256 maxOpenInterest
    ) internal returns (uint256 sideBefore, uint256 sideAfter) {
        uint256 scale = tokenScale;
        return _updateSide(
            marketId,
            isLong,
            _sideTerms(before[0], before[1], before[2], before[3], isLong, scale),
            _sideTerms(afterwards[0], afterwards[1], afterwards[2], afterwards[3], isLong, scale),
            maxOpenInterest
        );
    }
}
