// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {ILiquidityPool} from "./interfaces/ILiquidityPool.sol";
import {IInsuranceFund} from "./interfaces/IInsuranceFund.sol";
import {OracleLib} from "./libraries/OracleLib.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {MarginVault} from "./MarginVault.sol";
import {MarketConfig} from "./MarketConfig.sol";

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
contract VaultFactory is IVaultFactory, Ownable2Step, ReentrancyGuardTransient {
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
    /// @notice Open interest of the side would exceed the market cap.
    error OpenInterestCapExceeded(uint256 openInterest, uint256 cap);
    /// @notice The pool's free liquidity cannot cover the new reserve.
    error InsufficientPoolLiquidity(uint256 needed, uint256 free);
    /// @notice The vault is healthy (or in a state that cannot be liquidated).
    error NotLiquidatable(address vault);
    /// @notice Liquidations are suspended until `until` (grace period after an unpause or an oracle recovery).
    error LiquidationGracePeriod(uint256 until);
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
    /// @notice The market id is unknown (never pushed by the configuration).
    error UnknownMarket(uint256 marketId);
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
    /// @param keeper The keeper (fee receiver).
    /// @param seq Per-vault event sequence number.
    /// @param full True for a full liquidation.
    /// @param closedSize Size closed, 18 decimals.
    /// @param keeperFee Keeper fee, token units.
    /// @param penalty Penalty credited to the insurance fund's claim (the tokens go to the pool), token units.
    /// @param ownerRemainder Tokens returned to the owner.
    /// @param badDebt Loss beyond the collateral, token units.
    /// @param price Oracle price used, 18 decimals.
    /// @param remainingSize Size left open (0 when full), 18 decimals.
    /// @param remainingCollateral Collateral left (0 when full), token units.
    event VaultLiquidated(
        address indexed vault,
        address indexed keeper,
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
    /// @notice Bad debt of `vault` was covered: first by the insurance fund (its claim, then its own tokens), the
    /// rest absorbed by the pool.
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
    /// @notice Result of a batch liquidation.
    /// @param keeper The keeper (fee receiver).
    /// @param liquidated Number of vaults liquidated.
    /// @param skipped Number of vaults skipped.
    /// @param totalKeeperFee Sum of the keeper fees paid.
    event BatchLiquidated(address indexed keeper, uint256 liquidated, uint256 skipped, uint256 totalKeeperFee);

    // --- Types ---

    /// @dev A market's parameters and state packed in five slots, ordered by use: slots 0-3 are all that opening,
    /// margin and size changes and closing read; a liquidation reads slots 0, 1, 3 and 4 (tiers and keeper fee
    /// bounds), and slot 2 (`minCollateral`) only when it tries a partial close. The narrower widths hold every
    /// value within `MarketConfig`'s hard bounds (the sync casts with checks).
    struct PackedMarket {
        // slot 0
        address feed;
        uint24 heartbeat;
        uint16 maxDeviationBps;
        uint16 initialMarginBps;
        uint16 openFeeBps;
        uint16 closeFeeBps;
        bool paused;
        // slot 1
        address sequencerFeed;
        uint24 sequencerGracePeriod;
        uint24 profitCapBps;
        uint16 targetMarginBps;
        uint16 liquidationFeeBps;
        uint16 liquidationPenaltyBps;
        // slot 2
        uint128 maxOpenInterest;
        uint128 minCollateral;
        // slot 3
        uint96 minSize;
        uint64 liquidationsResumeAt;
        uint24 gracePeriod;
        uint16 maintenance0;
        uint16 maintenance1;
        uint16 maintenance2;
        uint16 maintenance3;
        // slot 4
        uint32 tier0;
        uint32 tier1;
        uint32 tier2;
        uint80 keeperFeeFloor;
        uint80 keeperFeeCap;
    }

    // --- Constants and immutables ---

    uint256 private constant _WAD = 1e18;
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
    MarketConfig public immutable config;

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

    /// @dev Open interest per side PLUS ONE (set at the market's first sync), so the slot never goes back to zero
    /// and no open pays a zero-to-non-zero write. `openInterest` returns the real values.
    mapping(uint256 marketId => OpenInterest) private _oi;
    /// @dev The factory's packed copy of each market, pushed by `config` through `syncMarket`.
    mapping(uint256 marketId => PackedMarket) private _markets;
    mapping(address vault => Position) private _positions;

    // --- Constructor ---

    /// @notice Deploys the vault implementation and binds the token, pool, fund and configuration.
    /// @param token_ Settlement token.
    /// @param pool_ Liquidity pool (its factory is set by its owner afterwards).
    /// @param insuranceFund_ Insurance fund (its factory is set by its owner afterwards).
    /// @param config_ Market configuration.
    /// @param owner_ Owner.
    constructor(IERC20 token_, address pool_, address insuranceFund_, MarketConfig config_, address owner_)
        Ownable(owner_)
    {
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
    /// parameters, pause state or the sequencer feed. The first sync also sets the market's open-interest
    /// sentinel, so the first open of the market pays no zero-to-non-zero write.
    /// @param marketId Market.
    /// @param p Parameters (validated by the configuration).
    /// @param st Status with the sequencer feed settings filled in.
    function syncMarket(uint256 marketId, MarketParams calldata p, MarketState calldata st) external override {
        if (msg.sender != address(config)) revert NotConfig(msg.sender);
        _markets[marketId] = PackedMarket({
            feed: p.feed,
            heartbeat: uint256(p.heartbeat).toUint24(),
            maxDeviationBps: p.maxDeviationBps,
            initialMarginBps: p.initialMarginBps,
            openFeeBps: p.openFeeBps,
            closeFeeBps: p.closeFeeBps,
            paused: st.paused,
            sequencerFeed: st.sequencerFeed,
            sequencerGracePeriod: uint256(st.sequencerGracePeriod).toUint24(),
            profitCapBps: uint256(p.profitCapBps).toUint24(),
            targetMarginBps: p.targetMarginBps,
            liquidationFeeBps: p.liquidationFeeBps,
            liquidationPenaltyBps: p.liquidationPenaltyBps,
            maxOpenInterest: p.maxOpenInterest,
            minCollateral: p.minCollateral,
            minSize: p.minSize,
            liquidationsResumeAt: st.liquidationsResumeAt,
            gracePeriod: uint256(p.gracePeriod).toUint24(),
            maintenance0: p.maintenanceMarginBps[0],
            maintenance1: p.maintenanceMarginBps[1],
            maintenance2: p.maintenanceMarginBps[2],
            maintenance3: p.maintenanceMarginBps[3],
            tier0: uint256(p.tierThresholds[0]).toUint32(),
            tier1: uint256(p.tierThresholds[1]).toUint32(),
            tier2: uint256(p.tierThresholds[2]).toUint32(),
            keeperFeeFloor: uint256(p.keeperFeeFloor).toUint80(),
            keeperFeeCap: uint256(p.keeperFeeCap).toUint80()
        });
        OpenInterest storage oi = _oi[marketId];
        if (oi.longSize == 0) {
            oi.longSize = 1;
            oi.shortSize = 1;
        }
    }

    // --- Trading ---

    /// @notice Creates a vault for the caller and opens its position. The caller pays `collateral` into the
    /// vault and the open fee into the pool (approve the factory for `collateral + fee`).
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
        (MarketParams memory mp, MarketState memory ms) = _market(marketId, false);
        if (ms.paused) revert MarketPaused(marketId);
        if (collateral < mp.minCollateral) revert CollateralBelowMinimum(collateral, mp.minCollateral);
        if (size < mp.minSize) revert SizeBelowMinimum(size, mp.minSize);
        uint256 price = _readPrice(mp, ms).price;
        _checkSlippage(price, acceptablePrice, isLong);

        uint256 n = MarginMath.notionalUp(size, price);
        uint256 fee = MarginMath.feeUp(n, mp.openFeeBps, tokenScale);
        _checkInitialMargin(int256(collateral * tokenScale), n, mp);
        _addOpenInterest(_oi[marketId], mp, isLong, size);
        // Reserve rounded down: it is also the profit cap, so the trader never gets more than reserved.
        uint256 reserve = Math.mulDiv(collateral, mp.profitCapBps, _BPS);
        _reserve(reserve);

        address owner_ = msg.sender;
        vault = Clones.cloneDeterministicWithImmutableArgs(
            vaultImplementation, abi.encodePacked(owner_), keccak256(abi.encode(owner_, nonce))
        );
        _positions[vault] = Position({
            size: size.toUint96(),
            entryPrice: price.toUint96(),
            seq: 1,
            marketId: uint16(marketId),
            isLong: isLong,
            status: Status.Open,
            collateral: collateral.toUint128(),
            reserve: uint128(reserve)
        });
        unchecked {
            // A uint40 counter of deployments (one per transaction at most) cannot overflow.
            ++_vaultCount;
        }
        settlementToken.safeTransferFrom(owner_, vault, collateral);
        if (fee != 0) settlementToken.safeTransferFrom(owner_, pool, fee);
        emit VaultOpened(vault, owner_, marketId, isLong, size, price, collateral, fee, nonce, 1);
    }

    /// @notice Adds margin to an open vault, paid by the caller. Never blocked by a pause or a bad price.
    /// @param vault Vault.
    /// @param amount Token units.
    function addMargin(address vault, uint256 amount) external nonReentrant {
        _addMargin(vault, msg.sender, amount);
    }

    /// @inheritdoc IVaultFactory
    function addMarginFrom(address payer, uint256 amount) external nonReentrant {
        _addMargin(msg.sender, payer, amount);
    }

    /// @notice Withdraws margin while `C' + min(PnL, 0) - closeFee >= i * N` (unrealised profit never backs
    /// a withdrawal). Owner only (directly or through the vault).
    /// @param vault Vault.
    /// @param amount Token units.
    /// @param to Receiver.
    function removeMargin(address vault, uint256 amount, address to) external nonReentrant {
        Position storage pos = _openPosition(vault);
        _authOwner(vault);
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        (MarketParams memory mp, MarketState memory ms) = _market(pos.marketId, false);
        uint256 c = pos.collateral;
        if (amount > c) revert InsufficientCollateral(amount, c);
        uint256 price = _readPrice(mp, ms).price;
        uint256 newC = c - amount;
        if (newC < mp.minCollateral) revert CollateralBelowMinimum(newC, mp.minCollateral);
        int256 pnl = MarginMath.pnlWad(pos.size, pos.entryPrice, price, pos.isLong);
        int256 q = int256(newC * tokenScale) + (pnl < 0 ? pnl : int256(0));
        _checkInitialMargin(q, MarginMath.notionalUp(pos.size, price), mp);

        uint256 r = pos.reserve;
        uint256 newR = Math.min(r, Math.mulDiv(newC, mp.profitCapBps, _BPS));
        _totalReserved -= uint104(r - newR);
        pos.collateral = uint128(newC);
        pos.reserve = uint128(newR);
        uint256 seq = ++pos.seq;
        MarginVault(vault).transferOut(to, amount);
        emit MarginChanged(vault, seq, -int256(amount), newC);
    }

    /// @notice Increases the size at the oracle price; optional extra margin and the open fee are paid by the
    /// owner. Requires `Q >= i * N` after. Blocked by a pause. Owner only.
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
        (MarketParams memory mp, MarketState memory ms) = _market(marketId, false);
        if (ms.paused) revert MarketPaused(marketId);
        bool isLong = pos.isLong;
        uint256 price = _readPrice(mp, ms).price;
        _checkSlippage(price, acceptablePrice, isLong);

        uint256 s = pos.size;
        uint256 newS = s + sizeDelta;
        uint256 newE = MarginMath.averageEntry(s, pos.entryPrice, sizeDelta, price, isLong);
        uint256 newC = pos.collateral + marginDelta;
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(sizeDelta, price), mp.openFeeBps, tokenScale);
        uint256 r = pos.reserve;
        uint256 newR = Math.mulDiv(newC, mp.profitCapBps, _BPS);
        {
            int256 pnl = MarginMath.pnlWad(newS, newE, price, isLong);
            int256 cap = int256(newR * tokenScale);
            _checkInitialMargin(int256(newC * tokenScale) + (pnl > cap ? cap : pnl), MarginMath.notionalUp(newS, price), mp);
        }
        _addOpenInterest(_oi[marketId], mp, isLong, sizeDelta);
        if (newR > r) _reserve(newR - r);
        else _totalReserved -= uint104(r - newR);

        pos.size = newS.toUint96();
        pos.entryPrice = newE.toUint96();
        pos.collateral = newC.toUint128();
        pos.reserve = uint128(newR);
        uint256 seq = ++pos.seq;
        if (marginDelta != 0) settlementToken.safeTransferFrom(owner_, vault, marginDelta);
        if (fee != 0) settlementToken.safeTransferFrom(owner_, pool, fee);
        emit PositionChanged(vault, seq, newS, newE, newC, 0, fee, price);
    }

    /// @notice Reduces the size at the oracle price, realising the proportional PnL (profit capped) and the
    /// close fee into the collateral. Never blocked by a pause. Owner only.
    /// @param vault Vault.
    /// @param sizeDelta Removed size (< size; use `closeVault` to close).
    /// @param acceptablePrice Worst price accepted (min for a long, max for a short).
    function decreasePosition(address vault, uint256 sizeDelta, uint256 acceptablePrice) external nonReentrant {
        Position storage pos = _openPosition(vault);
        _authOwner(vault);
        if (sizeDelta == 0) revert ZeroSize();
        (MarketParams memory mp, MarketState memory ms) = _market(pos.marketId, false);
        bool isLong = pos.isLong;
        uint256 price = _readPrice(mp, ms).price;
        _checkSlippage(price, acceptablePrice, !isLong);
        uint256 s = pos.size;
        if (sizeDelta >= s || s - sizeDelta < mp.minSize) revert SizeBelowMinimum(s - Math.min(s, sizeDelta), mp.minSize);

        uint256 r = pos.reserve;
        // Profit cap of the closed part rounded down; the released reserve is the same amount.
        uint256 capPart = Math.mulDiv(r, sizeDelta, s);
        int256 rp = _realizedPnl(sizeDelta, pos.entryPrice, price, isLong, capPart);
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(sizeDelta, price), mp.closeFeeBps, tokenScale);
        int256 newC = int256(uint256(pos.collateral)) + rp - int256(fee);
        if (newC < int256(uint256(mp.minCollateral)) || newC <= 0) {
            revert CollateralBelowMinimum(newC > 0 ? uint256(newC) : 0, mp.minCollateral);
        }
        _subOpenInterest(pos.marketId, isLong, sizeDelta);
        _totalReserved -= uint104(capPart);
        pos.size = uint96(s - sizeDelta);
        pos.collateral = uint128(uint256(newC));
        pos.reserve = uint128(r - capPart);
        uint256 seq = ++pos.seq;
        _settleWithPool(vault, int256(fee) - rp);
        emit PositionChanged(vault, seq, s - sizeDelta, pos.entryPrice, uint256(newC), rp, fee, price);
    }

    /// @notice Closes the position at the oracle price and pays the owner. Never blocked by a pause, but it
    /// reverts on a bad price (never settles on a bad price). An underwater close records bad debt.
    /// @param vault Vault.
    /// @param acceptablePrice Worst price accepted (min for a long, max for a short).
    function closeVault(address vault, uint256 acceptablePrice) external nonReentrant {
        Position storage pos = _openPosition(vault);
        address owner_ = _authOwner(vault);
        (MarketParams memory mp, MarketState memory ms) = _market(pos.marketId, false);
        bool isLong = pos.isLong;
        uint256 price = _readPrice(mp, ms).price;
        _checkSlippage(price, acceptablePrice, !isLong);

        uint256 s = pos.size;
        uint256 c = pos.collateral;
        int256 rp = _realizedPnl(s, pos.entryPrice, price, isLong, pos.reserve);
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(s, price), mp.closeFeeBps, tokenScale);
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
        _subOpenInterest(pos.marketId, isLong, s);
        _totalReserved -= uint104(pos.reserve);
        pos.size = 0;
        pos.collateral = 0;
        pos.reserve = 0;
        pos.status = Status.Closed;
        uint256 seq = ++pos.seq;

        // Net flow with the pool: > 0 the vault pays the pool (loss actually paid + fee).
        int256 net = int256(fee) - rp - int256(badDebt);
        if (net >= 0) {
            if (net != 0) MarginVault(vault).transferOut(pool, uint256(net));
            if (payout != 0) MarginVault(vault).transferOut(owner_, payout);
        } else {
            if (c != 0) MarginVault(vault).transferOut(owner_, c);
            ILiquidityPool(pool).payTo(owner_, uint256(-net));
        }
        if (badDebt != 0) _coverBadDebt(vault, badDebt);
        emit VaultClosed(vault, seq, rp, fee, payout, badDebt, price);
    }

    // --- Liquidation ---

    /// @notice Liquidates `vault` exactly as `previewLiquidation` says; the keeper fee goes to the caller.
    /// @param vault Vault.
    /// @return p What was executed.
    function liquidate(address vault) external nonReentrant returns (LiquidationPreview memory p) {
        return _liquidateSingle(vault, msg.sender);
    }

    /// @inheritdoc IVaultFactory
    function liquidateFrom(address keeper) external nonReentrant returns (LiquidationPreview memory p) {
        return _liquidateSingle(msg.sender, keeper);
    }

    /// @notice Liquidates every liquidatable vault of the list; skips (without reverting) healthy, closed,
    /// unknown vaults and vaults in a grace period. Reverts on a bad price. Keeper fees go to the caller.
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
        uint256 cachedMarket = type(uint256).max;
        MarketParams memory mp;
        MarketState memory ms;
        OracleLib.CheckedPrice memory cp;
        bool allowed;
        for (uint256 k = 0; k < vaults.length; ++k) {
            address vault = vaults[k];
            Position storage pos = _positions[vault];
            if (pos.status != Status.Open) continue;
            uint256 marketId = pos.marketId;
            if (marketId != cachedMarket) {
                cachedMarket = marketId;
                (mp, ms) = _market(marketId, true);
                cp = _readPrice(mp, ms);
                allowed = _liquidationsAllowedAt(mp, ms, cp) == 0;
            }
            if (!allowed) continue;
            LiquidationPreview memory p = _preview(pos, mp, cp.price);
            if (!p.liquidatable) continue;
            _executeLiquidation(vault, pos, p, msg.sender);
            done[k] = true;
            unchecked {
                // Bounded by the array length and the vaults' collateral.
                ++liquidated;
                totalKeeperFee += p.keeperFee;
            }
        }
        emit BatchLiquidated(msg.sender, liquidated, vaults.length - liquidated, totalKeeperFee);
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
    function marketParams(uint256 marketId) external view returns (MarketParams memory mp) {
        (mp,) = _market(marketId, true);
        PackedMarket storage m = _markets[marketId];
        mp.maxOpenInterest = m.maxOpenInterest;
        mp.minCollateral = m.minCollateral;
    }

    /// @notice Open interest per side of a market, in size units.
    /// @param marketId Market.
    /// @return oi Long and short open interest, 18 decimals.
    function openInterest(uint256 marketId) external view returns (OpenInterest memory oi) {
        oi = _oi[marketId];
        // Stored values are one above the real ones (sentinel); a market never synced stores zeros.
        if (oi.longSize != 0) {
            --oi.longSize;
            --oi.shortSize;
        }
    }

    /// @notice Address of the vault `owner_` gets with `nonce`.
    /// @param owner_ Vault owner.
    /// @param nonce Caller-chosen nonce.
    function predictVaultAddress(address owner_, uint256 nonce) external view returns (address) {
        return Clones.predictDeterministicAddressWithImmutableArgs(
            vaultImplementation, abi.encodePacked(owner_), keccak256(abi.encode(owner_, nonce))
        );
    }

    /// @notice Checked oracle price of a market, 18 decimals (reverts on a bad price).
    /// @param marketId Market.
    function checkedPrice(uint256 marketId) external view returns (uint256) {
        (MarketParams memory mp, MarketState memory ms) = _market(marketId, false);
        return _readPrice(mp, ms).price;
    }

    /// @notice Maintenance margin ratio (bps) for a position whose entry notional is `entryNotionalWad`.
    /// @param marketId Market.
    /// @param entryNotionalWad Entry notional, 18 decimals.
    function maintenanceMarginBps(uint256 marketId, uint256 entryNotionalWad) external view returns (uint256) {
        (MarketParams memory mp,) = _market(marketId, true);
        return _maintenanceBps(mp, entryNotionalWad);
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
        Position storage pos = _positions[vault];
        if (pos.status != Status.Open) return 0;
        (MarketParams memory mp,) = _market(pos.marketId, true);
        uint256 s = pos.size;
        uint256 e = pos.entryPrice;
        return MarginMath.liquidationPrice(
            uint256(pos.collateral) * tokenScale,
            s,
            e,
            pos.isLong,
            _maintenanceBps(mp, MarginMath.notionalDown(s, e)),
            mp.closeFeeBps
        );
    }

    /// @inheritdoc IVaultFactory
    /// @dev The single source of truth for liquidations: `liquidate` executes exactly this at the same block.
    /// Reverts on a bad price; `liquidatable` is false for unknown/closed vaults, healthy vaults and during a
    /// grace period.
    function previewLiquidation(address vault) external view returns (LiquidationPreview memory p) {
        Position storage pos = _positions[vault];
        if (pos.status != Status.Open) return p;
        (MarketParams memory mp, MarketState memory ms) = _market(pos.marketId, true);
        OracleLib.CheckedPrice memory cp = _readPrice(mp, ms);
        if (_liquidationsAllowedAt(mp, ms, cp) != 0) {
            p.price = cp.price;
            return p;
        }
        return _preview(pos, mp, cp.price);
    }

    /// @notice Time until which liquidations of a market are suspended (0 if allowed now).
    /// @param marketId Market.
    function liquidationsSuspendedUntil(uint256 marketId) external view returns (uint256) {
        (MarketParams memory mp, MarketState memory ms) = _market(marketId, true);
        return _liquidationsAllowedAt(mp, ms, _readPrice(mp, ms));
    }

    // --- Internal: flows ---

    function _addMargin(address vault, address payer, uint256 amount) internal {
        Position storage pos = _openPosition(vault);
        if (amount == 0) revert ZeroAmount();
        // Adding margin does not raise the reserve, so it can never be blocked by pool liquidity.
        uint256 newC = pos.collateral + amount;
        pos.collateral = newC.toUint128();
        uint256 seq = ++pos.seq;
        settlementToken.safeTransferFrom(payer, vault, amount);
        emit MarginChanged(vault, seq, int256(amount), newC);
    }

    function _liquidateSingle(address vault, address keeper) internal returns (LiquidationPreview memory p) {
        Position storage pos = _positions[vault];
        if (pos.status != Status.Open) revert VaultNotOpen(vault);
        (MarketParams memory mp, MarketState memory ms) = _market(pos.marketId, true);
        OracleLib.CheckedPrice memory cp = _readPrice(mp, ms);
        uint256 until = _liquidationsAllowedAt(mp, ms, cp);
        if (until != 0) revert LiquidationGracePeriod(until);
        p = _preview(pos, mp, cp.price);
        if (!p.liquidatable) revert NotLiquidatable(vault);
        _executeLiquidation(vault, pos, p, keeper);
    }

    /// @dev Liquidation waterfall (Liquity-style prose):
    /// - Partial (the vault can be brought back to the target ratio `t`): close the smallest fraction
    ///   `x = (t*N - Q) / ((t - f - penalty) * N)` (rounded up), realise its PnL, pay keeper fee, penalty and close
    ///   fee from the collateral; the rest stays open. Taken only if the remainder is not dust AND is no longer
    ///   liquidatable (so a partial liquidation always raises the margin ratio).
    /// - Full otherwise: realise all PnL (profit capped at the reserve); from the collateral pay the keeper first
    ///   (so a keeper is always paid), then the pool (loss), then the close fee, then the penalty, then the owner.
    ///   A loss the collateral cannot pay is bad debt: insurance fund first, pool absorbs the rest.
    function _preview(Position storage pos, MarketParams memory mp, uint256 price_)
        internal
        view
        returns (LiquidationPreview memory p)
    {
        p.price = price_;
        uint256 s = pos.size;
        uint256 e = pos.entryPrice;
        bool isLong = pos.isLong;
        uint256 c = pos.collateral;
        uint256 m = _maintenanceBps(mp, MarginMath.notionalDown(s, e));
        // Liquidatable iff Q < m * N (exact).
        if (!MarginMath.isLiquidatable(c * tokenScale, s, e, price_, isLong, m, mp.closeFeeBps)) return p;
        p.liquidatable = true;

        if (_tryPartial(p, pos, mp, s, e, c, m)) return p;

        // Full liquidation.
        p.full = true;
        p.fractionClosed = _WAD;
        p.closedSize = s;
        uint256 n = MarginMath.notionalDown(s, price_);
        p.realizedPnl = _realizedPnl(s, e, price_, isLong, pos.reserve);
        p.keeperFee = Math.min(_keeperFee(n, mp), c);
        int256 rest = int256(c) + p.realizedPnl - int256(p.keeperFee);
        if (rest < 0) {
            // Underwater: the loss not paid by the collateral is bad debt; fee and penalty are waived.
            p.badDebt = uint256(-rest);
            return p;
        }
        uint256 r = uint256(rest);
        p.closeFee = Math.min(MarginMath.feeUp(n, mp.closeFeeBps, tokenScale), r);
        r -= p.closeFee;
        p.penalty = Math.min(MarginMath.feeUp(n, mp.liquidationPenaltyBps, tokenScale), r);
        p.ownerRemainder = r - p.penalty;
    }

    // The partial-liquidation formula of the design (x, the floor recomputation, the three refusal cases) reads
    // best in one piece; splitting it would pass the same nine values around.
    // solhint-disable-next-line function-max-lines
    function _tryPartial(
        LiquidationPreview memory p,
        Position storage pos,
        MarketParams memory mp,
        uint256 s,
        uint256 e,
        uint256 c,
        uint256 m
    ) internal view returns (bool) {
        uint256 price_ = p.price;
        uint256 n = MarginMath.notionalUp(s, price_);
        int256 q = int256(c * tokenScale) + MarginMath.pnlWad(s, e, price_, pos.isLong)
            - int256(Math.mulDiv(n, mp.closeFeeBps, _BPS, Math.Rounding.Ceil));
        if (q <= 0) return false;
        uint256 t = mp.targetMarginBps;
        uint256 fp = uint256(mp.liquidationFeeBps) + mp.liquidationPenaltyBps;
        // t*N - Q*1e4 > 0 because Q < m*N < t*N.
        uint256 num = t * n - uint256(q) * _BPS;
        uint256 x = Math.mulDiv(num, _WAD, (t - fp) * n, Math.Rounding.Ceil);
        uint256 closed = Math.mulDiv(s, x, _WAD, Math.Rounding.Ceil);
        if (closed >= s) return false;
        uint256 cn = MarginMath.notionalDown(closed, price_);
        uint256 kf = _keeperFee(cn, mp);
        if (kf > MarginMath.feeDown(cn, mp.liquidationFeeBps, tokenScale)) {
            // Floor raised the fee: recompute x with the fixed fee F: x = (t*N - Q + F) / ((t - penalty) * N).
            x = Math.mulDiv(num + kf * tokenScale * _BPS, _WAD, (t - mp.liquidationPenaltyBps) * n, Math.Rounding.Ceil);
            closed = Math.mulDiv(s, x, _WAD, Math.Rounding.Ceil);
            if (closed >= s) return false;
            cn = MarginMath.notionalDown(closed, price_);
            kf = _keeperFee(cn, mp);
        }
        if (s - closed < mp.minSize) return false;
        uint256 capPart = Math.mulDiv(pos.reserve, closed, s);
        int256 rp = _realizedPnl(closed, e, price_, pos.isLong, capPart);
        uint256 cf = MarginMath.feeUp(cn, mp.closeFeeBps, tokenScale);
        uint256 pen = MarginMath.feeUp(cn, mp.liquidationPenaltyBps, tokenScale);
        int256 newC = int256(c) + rp - int256(kf + cf + pen);
        if (newC <= 0 || uint256(newC) < _markets[pos.marketId].minCollateral) return false;
        // The remainder must be healthy, so a partial liquidation never lowers the margin ratio.
        if (MarginMath.isLiquidatable(uint256(newC) * tokenScale, s - closed, e, price_, pos.isLong, m, mp.closeFeeBps)) {
            return false;
        }
        p.fractionClosed = Math.min(x, _WAD);
        p.closedSize = closed;
        p.keeperFee = kf;
        p.penalty = pen;
        p.closeFee = cf;
        p.realizedPnl = rp;
        p.remainingSize = s - closed;
        p.remainingCollateral = uint256(newC);
        return true;
    }

    // Effects, then the transfers of the waterfall in their fixed order, then the event: one readable sequence.
    // solhint-disable-next-line function-max-lines
    function _executeLiquidation(address vault, Position storage pos, LiquidationPreview memory p, address keeper)
        internal
    {
        uint256 s = pos.size;
        _subOpenInterest(pos.marketId, pos.isLong, p.closedSize);
        uint256 seq;
        address owner_;
        if (p.full) {
            _totalReserved -= uint104(pos.reserve);
            pos.size = 0;
            pos.collateral = 0;
            pos.reserve = 0;
            pos.status = Status.Liquidated;
            seq = ++pos.seq;
            owner_ = _ownerOf(vault);
        } else {
            uint256 capPart = Math.mulDiv(pos.reserve, p.closedSize, s);
            _totalReserved -= uint104(capPart);
            pos.size = uint96(p.remainingSize);
            pos.collateral = uint128(p.remainingCollateral);
            pos.reserve -= uint128(capPart);
            seq = ++pos.seq;
        }

        if (p.keeperFee != 0) MarginVault(vault).transferOut(keeper, p.keeperFee);
        // The penalty travels to the pool in the same transfer as the pool's own share and is credited to the
        // insurance fund as a claim (no transfer to the fund): one token transfer less per liquidation.
        if (p.penalty != 0) _insuranceClaim = (_insuranceClaim + p.penalty).toUint104();
        // Net flow with the pool: > 0 the vault pays (loss actually paid + close fee + penalty), < 0 the pool pays.
        int256 net = int256(p.closeFee + p.penalty) - p.realizedPnl - int256(p.badDebt);
        if (p.full) {
            if (net >= 0) {
                if (net != 0) MarginVault(vault).transferOut(pool, uint256(net));
                if (p.ownerRemainder != 0) MarginVault(vault).transferOut(owner_, p.ownerRemainder);
            } else {
                uint256 fromVault = p.ownerRemainder - uint256(-net);
                if (fromVault != 0) MarginVault(vault).transferOut(owner_, fromVault);
                ILiquidityPool(pool).payTo(owner_, uint256(-net));
            }
            if (p.badDebt != 0) _coverBadDebt(vault, p.badDebt);
        } else {
            _settleWithPool(vault, net);
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

    function _settleWithPool(address vault, int256 net) internal {
        if (net > 0) MarginVault(vault).transferOut(pool, uint256(net));
        else if (net < 0) ILiquidityPool(pool).payTo(vault, uint256(-net));
    }

    /// @dev The insurance fund pays first: from its claim held by the pool (an entry, no transfer), then from its
    /// own token balance; the pool absorbs the rest.
    function _coverBadDebt(address vault, uint256 badDebt) internal {
        uint256 claim = _insuranceClaim;
        uint256 byInsurance = Math.min(claim, badDebt);
        if (byInsurance != 0) _insuranceClaim = uint104(claim - byInsurance);
        if (badDebt > byInsurance) byInsurance += IInsuranceFund(insuranceFund).coverBadDebt(badDebt - byInsurance);
        emit BadDebtCovered(vault, byInsurance, badDebt - byInsurance);
    }

    function _reserve(uint256 amount) internal {
        uint256 free = _freeLiquidity();
        if (amount > free) revert InsufficientPoolLiquidity(amount, free);
        _totalReserved = (_totalReserved + amount).toUint104();
    }

    /// @dev Stored open interest is the real one plus one (sentinel, see `_oi`).
    function _addOpenInterest(OpenInterest storage oi, MarketParams memory mp, bool isLong, uint256 size) internal {
        uint256 next = (isLong ? oi.longSize : oi.shortSize) + size - 1;
        if (next > mp.maxOpenInterest) revert OpenInterestCapExceeded(next, mp.maxOpenInterest);
        if (isLong) oi.longSize = (next + 1).toUint128();
        else oi.shortSize = (next + 1).toUint128();
    }

    function _subOpenInterest(uint256 marketId, bool isLong, uint256 size) internal {
        OpenInterest storage oi = _oi[marketId];
        if (isLong) oi.longSize -= uint128(size);
        else oi.shortSize -= uint128(size);
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

    /// @dev The market from the packed copy; reverts for a market never synced. `forLiquidation` loads the
    /// maintenance tiers and the keeper fee bounds (slot 4), which only liquidations and their views need, and
    /// skips slot 2 (open-interest cap, minimum collateral), which they do not (`_tryPartial` reads the minimum
    /// collateral itself, only when it gets that far).
    function _market(uint256 marketId, bool forLiquidation)
        internal
        view
        returns (MarketParams memory mp, MarketState memory ms)
    {
        PackedMarket storage m = _markets[marketId];
        address feed = m.feed;
        if (feed == address(0)) revert UnknownMarket(marketId);
        mp.feed = feed;
        mp.heartbeat = m.heartbeat;
        mp.maxDeviationBps = m.maxDeviationBps;
        mp.initialMarginBps = m.initialMarginBps;
        mp.openFeeBps = m.openFeeBps;
        mp.closeFeeBps = m.closeFeeBps;
        ms.exists = true;
        ms.paused = m.paused;
        ms.sequencerFeed = m.sequencerFeed;
        ms.sequencerGracePeriod = m.sequencerGracePeriod;
        mp.profitCapBps = m.profitCapBps;
        mp.targetMarginBps = m.targetMarginBps;
        mp.liquidationFeeBps = m.liquidationFeeBps;
        mp.liquidationPenaltyBps = m.liquidationPenaltyBps;
        if (!forLiquidation) {
            mp.maxOpenInterest = m.maxOpenInterest;
            mp.minCollateral = m.minCollateral;
        }
        mp.minSize = m.minSize;
        ms.liquidationsResumeAt = m.liquidationsResumeAt;
        mp.gracePeriod = m.gracePeriod;
        mp.maintenanceMarginBps = [m.maintenance0, m.maintenance1, m.maintenance2, m.maintenance3];
        if (forLiquidation) {
            mp.tierThresholds = [uint64(m.tier0), m.tier1, m.tier2];
            mp.keeperFeeFloor = m.keeperFeeFloor;
            mp.keeperFeeCap = m.keeperFeeCap;
        }
    }

    function _readPrice(MarketParams memory mp, MarketState memory ms)
        internal
        view
        returns (OracleLib.CheckedPrice memory)
    {
        return OracleLib.read(mp.feed, mp.heartbeat, mp.maxDeviationBps, ms.sequencerFeed, ms.sequencerGracePeriod);
    }

    /// @dev 0 if liquidations are allowed, else the time they resume (after an unpause or an oracle recovery).
    function _liquidationsAllowedAt(MarketParams memory mp, MarketState memory ms, OracleLib.CheckedPrice memory cp)
        internal
        view
        returns (uint256 until)
    {
        until = ms.liquidationsResumeAt;
        if (cp.recoveredAt != 0) until = Math.max(until, cp.recoveredAt + mp.gracePeriod);
        if (until <= block.timestamp) until = 0;
    }

    /// @dev Keeper fee `f * closedNotional` rounded down (paid to the caller), clamped to [floor, cap].
    function _keeperFee(uint256 closedNotionalWad, MarketParams memory mp) internal view returns (uint256) {
        uint256 fee = MarginMath.feeDown(closedNotionalWad, mp.liquidationFeeBps, tokenScale);
        if (fee < mp.keeperFeeFloor) return mp.keeperFeeFloor;
        if (fee > mp.keeperFeeCap) return mp.keeperFeeCap;
        return fee;
    }

    /// @dev Realised PnL of `s` units in token units: gains rounded down and capped at `cap`, losses rounded up.
    function _realizedPnl(uint256 s, uint256 e, uint256 p, bool isLong, uint256 cap) internal view returns (int256) {
        int256 pnl = MarginMath.pnlToToken(MarginMath.pnlWad(s, e, p, isLong), tokenScale);
        if (pnl > int256(cap)) return int256(cap);
        return pnl;
    }

    /// @dev Requires `Q * 1e4 >= i * N` (N rounded up: against the trader).
    function _checkInitialMargin(int256 equityWad, uint256 notionalWad, MarketParams memory mp) internal pure {
        uint256 required = Math.mulDiv(notionalWad, uint256(mp.initialMarginBps) + mp.closeFeeBps, _BPS, Math.Rounding.Ceil);
        if (equityWad < int256(required)) revert InsufficientInitialMargin(equityWad, required);
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

    /// @dev Tier `k` applies when the entry notional (whole quote units) is at least `tierThresholds[k-1]`.
    function _maintenanceBps(MarketParams memory mp, uint256 entryNotionalWad) internal pure returns (uint256) {
        uint256 whole = entryNotionalWad / _WAD;
        uint256 k = 0;
        while (k < 3 && whole >= mp.tierThresholds[k]) ++k;
        return mp.maintenanceMarginBps[k];
    }
}
