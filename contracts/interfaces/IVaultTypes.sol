// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IVaultTypes
/// @author Vaults
/// @notice Structs shared by the factory, the vaults, the lens views and the off-chain bindings.
interface IVaultTypes {
    /// @notice Lifecycle of a vault. `None` means "not a vault of this factory".
    enum Status {
        None,
        Open,
        Closed,
        Liquidated
    }

    /// @notice Accounting of one position, kept by the factory (the vault contract holds the tokens).
    /// @dev Two storage slots. `size` and `entryPrice` are 18-decimal fixed point; `collateral` and `reserve`
    /// are settlement-token units. `seq` is the per-vault event sequence number of the last emitted event.
    struct Position {
        uint96 size;
        uint96 entryPrice;
        uint32 seq;
        uint16 marketId;
        bool isLong;
        Status status;
        uint128 collateral;
        uint128 reserve;
    }

    /// @notice Per-market parameters, owner-governed within hard bounds (see `VaultFactory`).
    /// @dev Ratios in basis points (1e4 = 100 %). Tier thresholds are entry notionals in whole quote units
    /// (1 = 1e18 wad of notional). `maintenanceMarginBps[k]` applies when the entry notional is at least
    /// `tierThresholds[k-1]` (tier 0 has no lower bound).
    struct MarketParams {
        address feed;
        uint32 heartbeat;
        uint16 maxDeviationBps;
        uint16 initialMarginBps;
        uint16 targetMarginBps;
        uint16 liquidationFeeBps;
        uint16 liquidationPenaltyBps;
        uint16 openFeeBps;
        uint16 closeFeeBps;
        uint32 profitCapBps;
        uint16[4] maintenanceMarginBps;
        uint64[3] tierThresholds;
        uint128 keeperFeeFloor;
        uint128 keeperFeeCap;
        uint128 maxOpenInterest;
        uint128 minCollateral;
        uint96 minSize;
    }

    /// @notice Mutable per-market status kept by `MarketConfig`, with the chain-wide sequencer feed settings
    /// (so the factory reads everything it needs about a market in one call). A pause stops opening and increasing
    /// only; nothing suspends liquidations but a broken price or the L2 sequencer's own grace period.
    struct MarketState {
        bool exists;
        bool paused;
        address sequencerFeed;
        uint32 sequencerGracePeriod;
    }

    /// @notice Open interest of a market per side, in size units (18 decimals).
    struct OpenInterest {
        uint128 longSize;
        uint128 shortSize;
    }

    /// @notice Aggregates of the open positions of one market side, what the pool needs to mark them to market.
    /// @dev `size` is exact; the three sums are kept per position to a milli-unit of quote value (see
    /// `PackedMarkets.Side`), so they are multiples of 1e15.
    /// @param size Sum of sizes (the side's open interest), 18 decimals.
    /// @param entryNotional Sum of `size * entryPrice`, 18 decimals of quote value.
    /// @param collateral Sum of collateral, 18 decimals of quote value.
    /// @param reserve Sum of reserves (the most the side's positions can be paid), 18 decimals of quote value.
    struct SideTotals {
        uint256 size;
        uint256 entryNotional;
        uint256 collateral;
        uint256 reserve;
    }

    /// @notice What a liquidation of a vault would do now; `liquidate` executes exactly this.
    /// @dev Token amounts are settlement-token units. `fractionClosed` is 1e18 for a full liquidation.
    /// `realizedPnl` is the (profit-capped) PnL realised on the closed part; `poolDelta` is the net transfer
    /// between vault and pool (> 0: vault pays the pool; < 0: the pool pays).
    struct LiquidationPreview {
        bool liquidatable;
        bool full;
        uint256 fractionClosed;
        uint256 closedSize;
        uint256 keeperFee;
        uint256 penalty;
        uint256 closeFee;
        int256 realizedPnl;
        uint256 ownerRemainder;
        uint256 badDebt;
        uint256 price;
        uint256 remainingSize;
        uint256 remainingCollateral;
    }
}

