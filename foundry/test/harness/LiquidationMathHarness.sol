// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";
import {LiquidationMath} from "vaults/libraries/LiquidationMath.sol";

/// @notice Exposes LiquidationMath.evaluate to the stateless tests. Compiled with the contracts' settings (viaIR,
/// optimizer 200: without viaIR the library is "stack too deep"), so the tests run the bytecode the factory runs;
/// the tests deploy it with vm.deployCode and never import this file.
contract LiquidationMathHarness {
    function evaluate(IVaultTypes.Position memory pos, LiquidationMath.Terms memory t)
        external
        pure
        returns (IVaultTypes.LiquidationPreview memory p)
    {
        LiquidationMath.evaluate(pos, t, p);
    }
}
