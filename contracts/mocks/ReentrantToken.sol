// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @author Vaults
/// @notice TEST ONLY. A 6-decimal ERC20 that, when armed, calls `target` with `payload` during the next
/// transfer (before updating balances), to check that the reentrancy guards of the factory, the vault flows
/// and the pool stop it. The result of the inner call is recorded, not bubbled, unless `bubble` is set.
contract ReentrantToken is ERC20 {
    /// @notice The re-entrant call was made.
    /// @param target The contract re-entered.
    /// @param success Whether the re-entrant call succeeded.
    /// @param returnData What the re-entrant call returned.
    event ReentryAttempted(address indexed target, bool success, bytes returnData);

    /// @notice Contract to re-enter.
    address public target;
    /// @notice Calldata of the re-entrant call.
    bytes public payload;
    /// @notice Whether the next transfer re-enters.
    bool public armed;
    /// @notice Whether a failing inner call makes the transfer revert with its data.
    bool public bubble;
    /// @notice Result of the last re-entrant call.
    bool public lastSuccess;
    /// @notice Revert data of the last re-entrant call.
    bytes public lastReturnData;

    constructor() ERC20("Reentrant Token", "REENT") {}

    /// @notice Mints freely (test token).
    /// @param to Receiver.
    /// @param amount Token units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the hook for the next transfer.
    /// @param target_ Contract to call.
    /// @param payload_ Calldata.
    /// @param bubble_ Revert the transfer with the inner revert data if the inner call fails.
    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        target = target_;
        payload = payload_;
        bubble = bubble_;
        armed = true;
    }

    /// @notice 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (armed) {
            armed = false;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = target.call(payload);
            lastSuccess = ok;
            lastReturnData = ret;
            emit ReentryAttempted(target, ok, ret);
            if (!ok && bubble) {
                // solhint-disable-next-line no-inline-assembly
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
        super._update(from, to, value);
    }
}
