// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {IVaultTypes} from "./interfaces/IVaultTypes.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {OracleLib} from "./libraries/OracleLib.sol";
import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {LiquidationMath} from "./libraries/LiquidationMath.sol";

/// @title VaultLens
/// @author Vaults
/// @notice Read-only views over the factory for keepers, the CLI and tests (kept out of the factory so it
/// stays under the 24 KiB code size limit). Liquidation decisions come from `VaultFactory.previewLiquidation`,
/// which this lens re-exports in bulk; the health numbers use the same `MarginMath` helpers.
contract VaultLens is IVaultTypes {
    /// @notice One vault's health at the checked oracle price.
    // Field order is the ABI of `health`/`healthMany` that the C# bindings decode; memory-only, never stored.
    // solhint-disable-next-line gas-struct-packing
    struct Health {
        address vault;
        Status status;
        int256 equity;
        uint256 equityWadAbs;
        uint256 notionalWad;
        uint256 maintenanceWad;
        uint256 marginRatio;
        uint256 liquidationPrice;
        bool liquidatable;
    }

    uint256 private constant _WAD = 1e18;
    uint256 private constant _BPS = 1e4;

    /// @notice The factory read by this lens.
    IVaultFactory public immutable factory;

    /// @notice Binds the lens to a factory.
    /// @param factory_ The factory.
    constructor(IVaultFactory factory_) {
        factory = factory_;
    }

    /// @notice Equity in token units: `C + PnL (profit capped at the reserve) - close fee owed`, at the checked
    /// oracle price (gains rounded down, losses and fees rounded up). 0 if the vault is not open.
    /// @param vault Vault.
    function equity(address vault) public view returns (int256) {
        Position memory pos = factory.position(vault);
        if (pos.status != Status.Open) return 0;
        (MarketParams memory mp,) = factory.config().market(pos.marketId);
        uint256 scale = factory.tokenScale();
        uint256 price = factory.checkedPrice(pos.marketId);
        int256 pnl = MarginMath.pnlToToken(MarginMath.pnlWad(pos.size, pos.entryPrice, price, pos.isLong), scale);
        if (pnl > int256(uint256(pos.reserve))) pnl = int256(uint256(pos.reserve));
        uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(pos.size, price), mp.closeFeeBps, scale);
        return int256(uint256(pos.collateral)) + pnl - int256(fee);
    }

    /// @notice Margin ratio `Q / N` in wad (1e18 = 100 %), rounded down; 0 when equity is not positive.
    /// @param vault Vault.
    function marginRatio(address vault) external view returns (uint256) {
        return health(vault).marginRatio;
    }

    /// @notice Full health of `vault`.
    /// @dev `equityWadAbs` is |Q| in wad with uncapped PnL (the liquidation predicate's Q); `liquidatable` is the
    /// exact predicate `Q < m * N` (ignores grace periods; `VaultFactory.previewLiquidation` is authoritative).
    /// @param vault Vault.
    /// @return h The health figures (zero except `vault` and `status` unless open).
    function health(address vault) public view returns (Health memory h) {
        h.vault = vault;
        Position memory pos = factory.position(vault);
        h.status = pos.status;
        if (pos.status != Status.Open) return h;
        (MarketParams memory mp,) = factory.config().market(pos.marketId);
        uint256 scale = factory.tokenScale();
        uint256 price = factory.checkedPrice(pos.marketId);
        uint256 m = maintenanceMarginBps(pos.marketId, MarginMath.notionalDown(pos.size, pos.entryPrice));
        h.equity = equity(vault);
        h.notionalWad = MarginMath.notionalUp(pos.size, price);
        int256 q = int256(uint256(pos.collateral) * scale)
            + MarginMath.pnlWad(pos.size, pos.entryPrice, price, pos.isLong)
            - int256(Math.mulDiv(h.notionalWad, mp.closeFeeBps, _BPS, Math.Rounding.Ceil));
        h.equityWadAbs = q >= 0 ? uint256(q) : uint256(-q);
        h.maintenanceWad = Math.mulDiv(h.notionalWad, m, _BPS, Math.Rounding.Ceil);
        if (q > 0) h.marginRatio = Math.mulDiv(uint256(q), _WAD, h.notionalWad);
        h.liquidationPrice = factory.liquidationPrice(vault);
        h.liquidatable = MarginMath.isLiquidatable(
            uint256(pos.collateral) * scale, pos.size, pos.entryPrice, price, pos.isLong, m, mp.closeFeeBps
        );
    }

    /// @notice Address of the vault `owner_` gets with `nonce` from the factory (CREATE2, the clone's immutable
    /// argument is the owner).
    /// @param owner_ Vault owner.
    /// @param nonce Caller-chosen nonce.
    /// @return The vault address.
    function predictVaultAddress(address owner_, uint256 nonce) external view returns (address) {
        return Clones.predictDeterministicAddressWithImmutableArgs(
            factory.vaultImplementation(), abi.encodePacked(owner_), keccak256(abi.encode(owner_, nonce)), address(factory)
        );
    }

    /// @notice Maintenance margin ratio (bps) for a position whose entry notional is `entryNotionalWad`, decided by the
    /// factory's own `LiquidationMath.maintenanceBps` over the market's tiers.
    /// @param marketId Market.
    /// @param entryNotionalWad Entry notional, 18 decimals.
    /// @return The ratio in basis points.
    function maintenanceMarginBps(uint256 marketId, uint256 entryNotionalWad) public view returns (uint256) {
        (MarketParams memory p,) = factory.config().market(marketId);
        LiquidationMath.Terms memory t;
        for (uint256 k = 0; k < 4; ++k) t.maintenance |= uint256(p.maintenanceMarginBps[k]) << (16 * k);
        for (uint256 k = 0; k < 3; ++k) t.tiers |= uint256(p.tierThresholds[k]) << (32 * k);
        return LiquidationMath.maintenanceBps(t, entryNotionalWad);
    }

    /// @notice The price opening, increasing and removing margin would use now: the market's checked price through
    /// the circuit breaker, read with the factory's own `OracleLib.readGuarded` (reverts with `PriceDeviationTooLarge`
    /// while it is tripped, and with the oracle's error on a broken price).
    /// @param marketId Market.
    /// @return price The price, 18 decimals.
    function guardedPrice(uint256 marketId) external view returns (uint256 price) {
        (MarketParams memory p, MarketState memory st) = factory.config().market(marketId);
        return OracleLib.readGuarded(
            p.feed,
            p.heartbeat,
            p.maxDeviationBps,
            AggregatorV3Interface(p.feed).decimals(),
            st.sequencerFeed,
            st.sequencerGracePeriod
        );
    }

    /// @notice What the owner of a closed or liquidated vault can take with `claim`: everything the vault holds
    /// (its liquidation remainder and any tokens sent to it since); 0 for an open or unknown vault.
    /// @param vault Vault.
    /// @return amount Token units.
    function claimable(address vault) external view returns (uint256 amount) {
        Status status = factory.position(vault).status;
        if (status == Status.None || status == Status.Open) return 0;
        return IERC20(factory.settlementToken()).balanceOf(vault);
    }

    /// @notice Health of many vaults in one call.
    /// @param vaults Vaults.
    /// @return out One entry per input vault.
    function healthMany(address[] calldata vaults) external view returns (Health[] memory out) {
        out = new Health[](vaults.length);
        for (uint256 k = 0; k < vaults.length; ++k) out[k] = health(vaults[k]);
    }

    /// @notice `previewLiquidation` of many vaults in one call (for keepers confirming candidates).
    /// @param vaults Vaults.
    /// @return out One preview per input vault.
    function previewMany(address[] calldata vaults) external view returns (LiquidationPreview[] memory out) {
        out = new LiquidationPreview[](vaults.length);
        for (uint256 k = 0; k < vaults.length; ++k) out[k] = factory.previewLiquidation(vaults[k]);
    }
}
