// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MarginMath} from "vaults/libraries/MarginMath.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {Boundaries} from "./Boundaries.sol";

/// @notice MarginMath against the reference model at the edges of its documented domain: sizes and entries below
/// 2^96, prices below 2^128 (OracleLib.MAX_PRICE), collateral below 2^170 wad, 6- and 18-decimal tokens.
contract MarginMathFuzzTest is Boundaries {
    uint256 internal constant MAX_SIZE = 2 ** 96 - 1;
    uint256 internal constant MAX_PRICE = 2 ** 128 - 1;
    uint256 internal constant MAX_COLLATERAL_WAD = 2 ** 170 - 1;

    struct Case {
        uint256 cWad;
        uint256 s;
        uint256 e;
        uint256 p;
        bool isLong;
        uint256 m;
        uint256 fee;
    }

    function _case(uint256 seed) internal pure returns (Case memory c) {
        c.cWad = pick(seed, 0, MAX_COLLATERAL_WAD);
        c.s = pick(seed >> 8, 1, MAX_SIZE);
        c.e = pick(seed >> 16, 1, MAX_SIZE);
        c.p = pick(seed >> 24, 1, MAX_PRICE);
        c.isLong = pickBool(seed);
        c.m = pick(seed >> 32, 10, 5000);
        c.fee = pick(seed >> 40, 0, 100);
    }

    function testFuzz_isLiquidatable_matches_reference(uint256 seed) public pure {
        Case memory c = _case(seed);
        assertEq(
            MarginMath.isLiquidatable(c.cWad, c.s, c.e, c.p, c.isLong, c.m, c.fee),
            Ref.isLiquidatableRaw(c.cWad, c.s, c.e, c.p, c.isLong, c.m, c.fee)
        );
    }

    /// @dev Near the liquidation price, where a wrong comparison or rounding shows.
    function testFuzz_isLiquidatable_matches_reference_near_the_boundary(uint256 seed, uint256 offset) public pure {
        Case memory c = _case(seed);
        uint256 lp = MarginMath.liquidationPrice(c.cWad, c.s, c.e, c.isLong, c.m, c.fee);
        if (lp == 0 || lp > MAX_PRICE) return;
        uint256 d = offset % 5;
        uint256 p = offset & 8 == 0 ? lp + d : (lp > d ? lp - d : 1);
        if (p > MAX_PRICE) p = MAX_PRICE;
        assertEq(
            MarginMath.isLiquidatable(c.cWad, c.s, c.e, p, c.isLong, c.m, c.fee),
            Ref.isLiquidatableRaw(c.cWad, c.s, c.e, p, c.isLong, c.m, c.fee)
        );
    }

    /// @notice Long: the highest liquidatable price (0 if none); short: the lowest (beyond every price if none).
    function testFuzz_liquidationPrice_is_the_exact_boundary(uint256 seed) public pure {
        Case memory c = _case(seed);
        uint256 lp = MarginMath.liquidationPrice(c.cWad, c.s, c.e, c.isLong, c.m, c.fee);
        if (c.isLong) {
            if (lp != 0) assertTrue(Ref.isLiquidatableRaw(c.cWad, c.s, c.e, lp, true, c.m, c.fee), "long: lp liquidatable");
            if (lp < MAX_PRICE) {
                assertFalse(Ref.isLiquidatableRaw(c.cWad, c.s, c.e, lp + 1, true, c.m, c.fee), "long: lp + 1 healthy");
            }
        } else {
            if (lp <= MAX_PRICE) {
                assertTrue(Ref.isLiquidatableRaw(c.cWad, c.s, c.e, lp, false, c.m, c.fee), "short: lp liquidatable");
            } else {
                assertFalse(Ref.isLiquidatableRaw(c.cWad, c.s, c.e, MAX_PRICE, false, c.m, c.fee), "short: none below");
            }
            if (lp > 1 && lp - 1 <= MAX_PRICE) {
                assertFalse(Ref.isLiquidatableRaw(c.cWad, c.s, c.e, lp - 1, false, c.m, c.fee), "short: lp - 1 healthy");
            }
        }
    }

    function testFuzz_notional_and_pnl_match_reference(uint256 seed) public pure {
        Case memory c = _case(seed);
        assertEq(MarginMath.notionalUp(c.s, c.p), Ref.notionalUp(c.s, c.p));
        assertEq(MarginMath.notionalDown(c.s, c.p), Ref.notionalDown(c.s, c.p));
        assertEq(MarginMath.pnlWad(c.s, c.e, c.p, c.isLong), Ref.pnlWad(c.isLong, c.s, c.e, c.p));
    }

    function testFuzz_token_conversions_match_reference(uint256 seed, bool sixDecimals) public pure {
        Case memory c = _case(seed);
        uint256 scale = sixDecimals ? 1e12 : 1;
        int256 w = Ref.pnlWad(c.isLong, c.s, c.e, c.p);
        assertEq(MarginMath.pnlToToken(w, scale), Ref.toToken(w, scale));
        uint256 n = Ref.notionalUp(c.s, c.p);
        assertEq(MarginMath.feeUp(n, c.fee, scale), Ref.fee(n, c.fee, scale));
    }

    function testFuzz_averageEntry_matches_reference(uint256 seed) public pure {
        Case memory c = _case(seed);
        uint256 ds = pick(seed >> 48, 1, MAX_SIZE - c.s + 1);
        if (c.s + ds > MAX_SIZE) return;
        Ref.Market memory m;
        m.scale = 1;
        (, Ref.Pos memory next,) = Ref.increase(m, Ref.Pos(c.isLong, c.s, c.e, 0, 0), ds, 0, c.p);
        assertEq(MarginMath.averageEntry(c.s, c.e, ds, c.p, c.isLong), next.entry);
    }
}
