// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ITokenReceiver
/// @author Vaults
/// @notice Called on a contract that receives `HostileToken` (ERC-1363 style), so it can refuse a transfer.
interface ITokenReceiver {
    /// @notice Called after `amount` reached the receiver; reverting undoes the transfer.
    /// @param from Sender.
    /// @param amount Token units.
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title HostileToken
/// @author Vaults
/// @notice TEST ONLY. A 6-decimal settlement token with the behaviours a vault owner or an issuer can turn against a
/// protocol: a blocklist (USDC-style: a blocked address can neither send nor receive), a receive hook that a contract
/// recipient can make revert, and a fee taken on transfer.
contract HostileToken is ERC20 {
    /// @notice The address is blocklisted.
    error Blocked(address account);

    /// @notice Blocklisted addresses.
    mapping(address account => bool) public blocked;
    /// @notice Fee taken on every transfer, basis points (burnt).
    uint256 public feeBps;

    /// @notice Creates the token.
    constructor() ERC20("Hostile USD", "hUSD") {}

    /// @notice Mints `amount` to `to` (anyone: test only).
    /// @param to Receiver.
    /// @param amount Token units.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocks or unblocks `account`.
    /// @param account The account.
    /// @param isBlocked True to block.
    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    /// @notice Sets the fee on transfer.
    /// @param bps Basis points.
    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert Blocked(from);
        if (blocked[to]) revert Blocked(to);
        uint256 fee = from == address(0) || to == address(0) ? 0 : value * feeBps / 1e4;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
        if (from != address(0) && to != address(0) && to.code.length != 0) {
            // The hook is optional for contracts that do not implement it (the pool, the vaults, the fund).
            try ITokenReceiver(to).onTokenReceived(from, value - fee) {
                return;
            } catch (bytes memory reason) {
                if (reason.length != 0) {
                    // solhint-disable-next-line no-inline-assembly
                    assembly ("memory-safe") {
                        revert(add(reason, 32), mload(reason))
                    }
                }
            }
        }
    }
}
