// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
import {Test} from "forge-std/Test.sol";
import {IVaultFactory} from "vaults/interfaces/IVaultFactory.sol";
import {LiquidationMath} from "vaults/libraries/LiquidationMath.sol";
import {MarginMath} from "vaults/libraries/MarginMath.sol";
contract SmokeTest is Test {
    function test_deploys() public {
        address f = vm.deployCode("TestUSDC.sol:TestUSDC", abi.encode(address(this)));
        assertGt(f.code.length, 0);
    }
    function test_lib() public pure {
        assertEq(MarginMath.notionalUp(1e18, 2e18), 2e18);
    }
}
