// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";
import {LiquidationMath} from "vaults/libraries/LiquidationMath.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {Boundaries} from "./Boundaries.sol";

/// @dev test/harness/LiquidationMathHarness.sol, compiled with viaIR (the library is too deep for the fast profile).
interface ILiquidationMathHarness {
    function evaluate(IVaultTypes.Position memory pos, LiquidationMath.Terms memory t)
        external
        pure
        returns (IVaultTypes.LiquidationPreview memory p);
}

/// @notice LiquidationMath.evaluate (what previewLiquidation and liquidate run) against the reference model: the
/// predicate, the partial close's size, the full close's waterfall, every amount to the unit. Markets are drawn within
/// MarketConfig's hard bounds, positions within the stored widths (size and entry below 2^96, collateral and reserve
/// below 2^128), prices below 2^128, for 6- and 18-decimal tokens.
contract LiquidationMathFuzzTest is Boundaries {
    ILiquidationMathHarness internal harness;

    function setUp() public {
        harness = ILiquidationMathHarness(vm.deployCode("LiquidationMathHarness.sol:LiquidationMathHarness"));
    }

    function _market(uint256 seed, bool sixDecimals) internal pure returns (Ref.Market memory m) {
        m.scale = sixDecimals ? 1e12 : 1;
        m.maintenanceBps[0] = pick(seed, 10, 2000);
        for (uint256 k = 1; k < 4; ++k) m.maintenanceBps[k] = pick(seed >> (8 * k), m.maintenanceBps[k - 1], 2500);
        m.liquidationFeeBps = pick(seed >> 40, 0, 1000);
        m.penaltyBps = pick(seed >> 48, 0, 1000);
        uint256 lo = m.maintenanceBps[3] + 1;
        uint256 feesPlusOne = m.liquidationFeeBps + m.penaltyBps + 1;
        m.targetBps = pick(seed >> 56, lo > feesPlusOne ? lo : feesPlusOne, 6000);
        m.closeFeeBps = pick(seed >> 64, 0, 100);
        m.tierThresholds[0] = pick(seed >> 72, 0, type(uint32).max);
        m.tierThresholds[1] = pick(seed >> 80, m.tierThresholds[0], type(uint32).max);
        m.tierThresholds[2] = pick(seed >> 88, m.tierThresholds[1], type(uint32).max);
        uint256 unit = sixDecimals ? 1e6 : 1e18;
        m.keeperFeeCap = pick(seed >> 96, 0, type(uint72).max);
        m.keeperFeeFloor = pick(seed >> 104, 0, m.keeperFeeCap < 100 * unit ? m.keeperFeeCap : 100 * unit);
        m.minSize = pick(seed >> 112, 0, 1e18);
        m.minCollateral = pick(seed >> 120, 0, 1000 * unit);
        m.profitCapBps = pick(seed >> 128, 100, 10_000) * 100; // whole percents
    }

    function _position(uint256 seed, Ref.Market memory m) internal pure returns (Ref.Pos memory pos) {
        pos.isLong = pickBool(seed);
        pos.size = pick(seed, 1, 2 ** 96 - 1);
        pos.entry = pick(seed >> 8, 1, 2 ** 96 - 1);
        pos.collateral = pick(seed >> 16, 1, 2 ** 128 - 1);
        uint256 r = Ref.reserveFor(m, pos.size, pos.entry, pos.collateral);
        pos.reserve = pick(seed >> 24, 0, r < 2 ** 128 - 1 ? r : 2 ** 128 - 1);
    }

    /// @dev A realistic book: ETH-like prices, sizes from dust to whales, leverage near the edge, so that partial
    /// liquidations (the common case) come up as often as full ones and bad debt.
    function _realistic(uint256 seed, Ref.Market memory m) internal pure returns (Ref.Pos memory pos, uint256 price) {
        pos.isLong = pickBool(seed);
        pos.entry = pick(seed >> 8, 100e18, 100_000e18);
        pos.size = pick(seed >> 16, 1e15, 1e24);
        uint256 n = pos.size * pos.entry / 1e18;
        // Collateral from 1% to 60% of the notional.
        uint256 cWad = n * pick(seed >> 24, 100, 6000) / 1e4;
        pos.collateral = cWad / m.scale + 1;
        pos.reserve = Ref.reserveFor(m, pos.size, pos.entry, pos.collateral);
        // The price moves up to 40% either way.
        uint256 moveBps = pick(seed >> 32, 0, 4000);
        price = pickBool(seed >> 40) ? pos.entry * (1e4 + moveBps) / 1e4 : pos.entry * (1e4 - moveBps) / 1e4;
        if (price == 0) price = 1;
    }

    function _terms(Ref.Market memory m, uint256 price) internal pure returns (LiquidationMath.Terms memory t) {
        t.price = price;
        t.tokenScale = m.scale;
        t.closeFeeBps = m.closeFeeBps;
        t.liquidationFeeBps = m.liquidationFeeBps;
        t.liquidationPenaltyBps = m.penaltyBps;
        t.targetMarginBps = m.targetBps;
        t.keeperFeeFloor = m.keeperFeeFloor;
        t.keeperFeeCap = m.keeperFeeCap;
        t.minSize = m.minSize;
        t.minCollateral = m.minCollateral;
        t.profitCapBps = m.profitCapBps;
        for (uint256 k = 0; k < 4; ++k) t.maintenance |= m.maintenanceBps[k] << (16 * k);
        for (uint256 k = 0; k < 3; ++k) t.tiers |= m.tierThresholds[k] << (32 * k);
    }

    function _check(Ref.Market memory m, Ref.Pos memory pos, uint256 price) internal view {
        IVaultTypes.Position memory stored = IVaultTypes.Position({
            size: uint96(pos.size),
            entryPrice: uint96(pos.entry),
            seq: 1,
            marketId: 0,
            isLong: pos.isLong,
            status: IVaultTypes.Status.Open,
            collateral: uint128(pos.collateral),
            reserve: uint128(pos.reserve)
        });
        IVaultTypes.LiquidationPreview memory got = harness.evaluate(stored, _terms(m, price));
        Ref.Liquidation memory want = Ref.liquidate(m, pos, price);
        assertEq(got.liquidatable, want.liquidatable, "liquidatable");
        assertEq(got.full, want.full, "full");
        assertEq(got.closedSize, want.closedSize, "closedSize");
        assertEq(got.keeperFee, want.keeperFee, "keeperFee");
        assertEq(got.closeFee, want.closeFee, "closeFee");
        assertEq(got.penalty, want.penalty, "penalty");
        assertEq(got.realizedPnl, want.realizedPnl, "realizedPnl");
        assertEq(got.ownerRemainder, want.ownerRemainder, "ownerRemainder");
        assertEq(got.badDebt, want.badDebt, "badDebt");
        assertEq(got.remainingSize, want.remainingSize, "remainingSize");
        assertEq(got.remainingCollateral, want.remainingCollateral, "remainingCollateral");
    }

    function testFuzz_evaluate_matches_reference_at_the_bounds(uint256 mSeed, uint256 pSeed, uint256 price, bool six)
        public
        view
    {
        Ref.Market memory m = _market(mSeed, six);
        _check(m, _position(pSeed, m), pick(price, 1, 2 ** 128 - 1));
    }

    function testFuzz_evaluate_matches_reference_on_a_realistic_book(uint256 mSeed, uint256 pSeed, bool six)
        public
        view
    {
        Ref.Market memory m = _market(mSeed, six);
        m.keeperFeeFloor = m.keeperFeeFloor % (10 * (six ? 1e6 : 1e18));
        m.minSize = m.minSize % 1e16;
        m.minCollateral = m.minCollateral % (10 * (six ? 1e6 : 1e18));
        (Ref.Pos memory pos, uint256 price) = _realistic(pSeed, m);
        _check(m, pos, price);
    }
}
