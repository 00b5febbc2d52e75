// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

/// @notice Inputs for the stateless tests, drawn so that boundary values come up often: the ends of each range, one
/// off them, powers of two and their neighbours (prices near 2^128, sizes near 2^96), and uniform values in between.
abstract contract Boundaries is Test {
    function pick(uint256 seed, uint256 lo, uint256 hi) internal pure returns (uint256) {
        if (hi <= lo) return lo;
        uint256 r = uint256(keccak256(abi.encode(seed)));
        uint256 span = hi - lo;
        uint256 mode = seed % 10;
        if (mode == 0) return lo;
        if (mode == 1) return hi;
        if (mode == 2) return lo + (r % 16 > span ? span : r % 16);
        if (mode == 3) return hi - (r % 16 > span ? span : r % 16);
        if (mode == 4 || mode == 5) {
            // 2^k - 1, 2^k or 2^k + 1 inside the range.
            uint256 v = (uint256(1) << (r % 256)) + (r >> 250) % 3 - 1;
            if (v >= lo && v <= hi) return v;
        }
        if (mode == 6) {
            // Logarithmically uniform: every order of magnitude equally likely.
            uint256 bits = r % 257;
            uint256 v = bits == 256 ? r : (r >> 8) & ((uint256(1) << bits) - 1);
            return lo + (v % (span + (span == type(uint256).max ? 0 : 1)));
        }
        return lo + (span == type(uint256).max ? r : r % (span + 1));
    }

    function pickBool(uint256 seed) internal pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, "bool"))) & 1 == 1;
    }
}
