// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {IMarketConfig} from "./interfaces/IMarketConfig.sol";
import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {OracleLib} from "./libraries/OracleLib.sol";
import {MarketPacking} from "./factory/MarketPacking.sol";

/// @title MarketConfig
/// @author Vaults
/// @notice Per-market parameters (owner-governed within hard bounds, every change emitted), the guardian's
/// pause (stops opening and increasing only), plus the chain-wide L2 sequencer uptime feed. Every change is pushed to the factory (`syncMarket`), which keeps a
/// packed copy so its flows read a few slots instead of calling `market(id)`.
/// @dev Design choice: neither a pause nor an unpause touches liquidations. A pause stops only what adds risk, and
/// adding margin is never paused, so no user was ever kept from topping up and there is nothing to wait for after an
/// unpause: a grace there would only let the pause role hold liquidations off (and, repeated, indefinitely).
contract MarketConfig is IMarketConfig, Ownable2Step {
    // --- Errors ---

    /// @notice The market id is unknown.
    error UnknownMarket(uint256 marketId);
    /// @notice The caller is not the guardian (nor the owner).
    error NotGuardian(address caller);
    /// @notice A market parameter is outside its hard bounds.
    error InvalidMarketParams(string field);
    /// @notice The factory is already set.
    error FactoryAlreadySet();
    /// @notice A zero address was given where one is required.
    error ZeroAddress();
    /// @notice Renouncing ownership is disabled (markets could never be created or corrected again).
    error RenounceDisabled();

    // --- Events ---

    /// @notice A market was created or its parameters changed.
    /// @param marketId The market.
    /// @param params The new parameters.
    event MarketParamsSet(uint256 indexed marketId, MarketParams params);
    /// @notice The guardian paused a market (opening and increasing stop).
    /// @param marketId The market.
    /// @param by The guardian or owner who acted.
    event MarketPausedSet(uint256 indexed marketId, address indexed by);
    /// @notice A market was unpaused (opening and increasing resume).
    /// @param marketId The market.
    /// @param by The guardian or owner who acted.
    event MarketUnpaused(uint256 indexed marketId, address indexed by);
    /// @notice The guardian changed.
    /// @param guardian The new guardian.
    event GuardianSet(address indexed guardian);
    /// @notice The L2 sequencer uptime feed changed (address(0) disables the check).
    /// @param feed The uptime feed (address(0) = check off).
    /// @param gracePeriod Seconds after the sequencer comes back up.
    event SequencerFeedSet(address indexed feed, uint256 gracePeriod);
    /// @notice The factory that receives every market change was set.
    /// @param factory The factory.
    event FactorySet(address indexed factory);

    // --- Constants ---

    uint256 private constant _MAX_INITIAL_MARGIN_BPS = 5000;
    uint256 private constant _MIN_MAINTENANCE_MARGIN_BPS = 10;
    uint256 private constant _MAX_LIQUIDATION_FEE_BPS = 1000;
    uint256 private constant _MAX_PENALTY_BPS = 1000;
    uint256 private constant _MAX_TRADE_FEE_BPS = 100;
    uint256 private constant _MIN_PROFIT_CAP_BPS = 1e4;
    uint256 private constant _MAX_PROFIT_CAP_BPS = 1e6;
    uint256 private constant _MIN_HEARTBEAT = 60;
    uint256 private constant _MAX_HEARTBEAT = 7 days;
    uint256 private constant _MAX_DEVIATION_BPS = 5000;
    uint256 private constant _MAX_SEQUENCER_GRACE_PERIOD = 1 days;

    // --- Storage ---

    /// @notice Number of markets (ids are 0 .. marketCount - 1).
    uint16 public marketCount;
    /// @notice May pause and unpause markets (the owner may too).
    address public guardian;
    address private _sequencerFeed;
    uint32 private _sequencerGracePeriod;
    mapping(uint256 marketId => MarketParams) private _params;
    mapping(uint256 marketId => MarketState) private _state;
    /// @notice The factory that keeps a packed copy of every market (set once by the owner).
    IVaultFactory public factory;

    // --- Modifiers ---

    modifier onlyGuardian() {
        if (msg.sender != guardian && msg.sender != owner()) revert NotGuardian(msg.sender);
        _;
    }

    // --- Constructor ---

    /// @notice Creates an empty configuration owned by `owner_`.
    /// @param owner_ Governance owner.
    constructor(address owner_) Ownable(owner_) {}

    // --- Governance ---

    /// @notice Sets, once, the factory that receives every market change, and pushes the existing markets to it.
    /// @param factory_ The factory.
    function setFactory(IVaultFactory factory_) external onlyOwner {
        if (address(factory) != address(0)) revert FactoryAlreadySet();
        if (address(factory_) == address(0)) revert ZeroAddress();
        factory = factory_;
        emit FactorySet(address(factory_));
        _syncAll();
    }

    /// @notice Creates a market.
    /// @param p Parameters, validated against hard bounds.
    /// @return marketId The new market id.
    function createMarket(MarketParams calldata p) external onlyOwner returns (uint256 marketId) {
        _validate(p);
        marketId = marketCount;
        ++marketCount;
        _params[marketId] = p;
        _state[marketId].exists = true;
        emit MarketParamsSet(marketId, p);
        _sync(marketId);
    }

    /// @notice Replaces a market's parameters (within hard bounds).
    /// @param marketId Market.
    /// @param p New parameters.
    function setMarketParams(uint256 marketId, MarketParams calldata p) external onlyOwner {
        if (!_state[marketId].exists) revert UnknownMarket(marketId);
        _validate(p);
        _params[marketId] = p;
        emit MarketParamsSet(marketId, p);
        _sync(marketId);
    }

    /// @notice Sets the guardian.
    /// @param guardian_ New guardian (address(0) leaves only the owner).
    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit GuardianSet(guardian_);
    }

    /// @notice Sets the L2 sequencer uptime feed and its grace period.
    /// @param feed Feed address (a contract answering `latestRoundData`), or address(0) to disable the check.
    /// @param gracePeriod Seconds after the sequencer comes back up before prices are accepted.
    function setSequencerFeed(address feed, uint32 gracePeriod) external onlyOwner {
        if (gracePeriod > _MAX_SEQUENCER_GRACE_PERIOD) revert InvalidMarketParams("sequencerGracePeriod");
        if (feed != address(0)) OracleLib.checkSequencerFeed(feed);
        _sequencerFeed = feed;
        _sequencerGracePeriod = gracePeriod;
        emit SequencerFeedSet(feed, gracePeriod);
        _syncAll();
    }

    /// @notice Pauses opening and increasing on a market. Adding margin, reducing, closing and liquidating go on.
    /// @param marketId Market.
    function pauseMarket(uint256 marketId) external onlyGuardian {
        MarketState storage st = _state[marketId];
        if (!st.exists) revert UnknownMarket(marketId);
        st.paused = true;
        emit MarketPausedSet(marketId, msg.sender);
        _sync(marketId);
    }

    /// @notice Unpauses a market: opening and increasing resume. Liquidations were never paused.
    /// @param marketId Market.
    function unpauseMarket(uint256 marketId) external onlyGuardian {
        MarketState storage st = _state[marketId];
        if (!st.exists) revert UnknownMarket(marketId);
        st.paused = false;
        emit MarketUnpaused(marketId, msg.sender);
        _sync(marketId);
    }

    /// @notice Disabled: without an owner no market could be created or corrected again.
    function renounceOwnership() public view override onlyOwner {
        revert RenounceDisabled();
    }

    // --- Views ---

    /// @notice Everything the factory needs about a market; reverts for an unknown market.
    /// @param marketId Market.
    /// @return p Parameters.
    /// @return st Status, with the sequencer feed settings filled in.
    function market(uint256 marketId) external view returns (MarketParams memory p, MarketState memory st) {
        st = _state[marketId];
        if (!st.exists) revert UnknownMarket(marketId);
        p = _params[marketId];
        st.sequencerFeed = _sequencerFeed;
        st.sequencerGracePeriod = _sequencerGracePeriod;
    }

    /// @notice L2 sequencer uptime feed (address(0) = check off) and its grace period.
    /// @return feed The uptime feed.
    /// @return gracePeriod Seconds after the sequencer comes back up.
    function sequencer() external view returns (address feed, uint32 gracePeriod) {
        return (_sequencerFeed, _sequencerGracePeriod);
    }

    // --- Internal ---

    /// @dev Pushes a market to the factory (nothing before the factory is set).
    function _sync(uint256 marketId) internal {
        IVaultFactory f = factory;
        if (address(f) == address(0)) return;
        MarketState memory st = _state[marketId];
        st.sequencerFeed = _sequencerFeed;
        st.sequencerGracePeriod = _sequencerGracePeriod;
        MarketParams memory p = _params[marketId];
        // The factory is at the contract size limit, so the configuration packs its copy (and checks the feed).
        f.syncMarket(marketId, MarketPacking.pack(p, st, OracleLib.checkedDecimals(p.feed)));
    }

    /// @dev Pushes every market (the sequencer feed is part of each market's copy).
    function _syncAll() internal {
        uint256 n = marketCount;
        for (uint256 id = 0; id < n; ++id) _sync(id);
    }

    function _validate(MarketParams calldata p) internal pure {
        if (p.feed == address(0)) revert InvalidMarketParams("feed");
        if (p.heartbeat < _MIN_HEARTBEAT || p.heartbeat > _MAX_HEARTBEAT) revert InvalidMarketParams("heartbeat");
        if (p.maxDeviationBps > _MAX_DEVIATION_BPS) revert InvalidMarketParams("maxDeviationBps");
        if (p.maintenanceMarginBps[0] < _MIN_MAINTENANCE_MARGIN_BPS) revert InvalidMarketParams("maintenanceMarginBps");
        for (uint256 k = 1; k < 4; ++k) {
            if (p.maintenanceMarginBps[k] < p.maintenanceMarginBps[k - 1]) {
                revert InvalidMarketParams("maintenanceMarginBps");
            }
        }
        // The factory packs every value a liquidation needs into four slots: tier thresholds in 32 bits, keeper fee
        // bounds in 64 and 72 bits and the minimum collateral in 72 bits (4.7e21 token units), open interest plus one in 96 bits (see
        // `PackedMarkets`); the bounds below keep every value within those widths.
        if (
            p.tierThresholds[1] < p.tierThresholds[0] || p.tierThresholds[2] < p.tierThresholds[1]
                || p.tierThresholds[2] > type(uint32).max
        ) {
            revert InvalidMarketParams("tierThresholds");
        }
        uint256 mMax = p.maintenanceMarginBps[3];
        if (p.targetMarginBps <= mMax) revert InvalidMarketParams("targetMarginBps");
        if (p.initialMarginBps <= mMax || p.initialMarginBps > _MAX_INITIAL_MARGIN_BPS) {
            revert InvalidMarketParams("initialMarginBps");
        }
        if (p.liquidationFeeBps > _MAX_LIQUIDATION_FEE_BPS) revert InvalidMarketParams("liquidationFeeBps");
        if (p.liquidationPenaltyBps > _MAX_PENALTY_BPS) revert InvalidMarketParams("liquidationPenaltyBps");
        if (uint256(p.liquidationFeeBps) + p.liquidationPenaltyBps >= p.targetMarginBps) {
            revert InvalidMarketParams("targetMarginBps");
        }
        if (p.openFeeBps > _MAX_TRADE_FEE_BPS || p.closeFeeBps > _MAX_TRADE_FEE_BPS) {
            revert InvalidMarketParams("tradeFeeBps");
        }
        // Whole percents: the factory keeps the cap in percent in the slot a liquidation reads.
        if (p.profitCapBps < _MIN_PROFIT_CAP_BPS || p.profitCapBps > _MAX_PROFIT_CAP_BPS || p.profitCapBps % 100 != 0) {
            revert InvalidMarketParams("profitCapBps");
        }
        if (p.keeperFeeFloor > p.keeperFeeCap || p.keeperFeeCap > type(uint72).max || p.keeperFeeFloor > type(uint64).max) {
            revert InvalidMarketParams("keeperFee");
        }
        // Open interest is stored plus one in 96 bits: the cap must leave room for the sentinel.
        if (p.maxOpenInterest == 0 || p.maxOpenInterest >= type(uint96).max) revert InvalidMarketParams("maxOpenInterest");
        if (p.minCollateral > type(uint72).max) revert InvalidMarketParams("minCollateral");
    }
}
