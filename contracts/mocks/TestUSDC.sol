// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestUSDC
/// @author Vaults
/// @notice DEVNET ONLY. A 6-decimal mintable settlement token: the owner mints any amount, anyone may take a
/// capped amount from the faucet once per cooldown.
contract TestUSDC is ERC20, Ownable {
    /// @notice The faucet was used again before the cooldown passed.
    error FaucetCooldown(uint256 nextAt);
    /// @notice The faucet amount exceeds the cap.
    error FaucetAmountTooLarge(uint256 amount, uint256 cap);

    /// @notice Largest faucet amount per call: 1,000,000 tUSDC.
    uint256 public constant FAUCET_CAP = 1_000_000e6;
    /// @notice Seconds between two faucet calls of one account.
    uint256 public constant FAUCET_COOLDOWN = 1 hours;

    /// @notice Last faucet use per account.
    mapping(address account => uint256) public lastFaucet;

    /// @notice Creates the 6-decimal test token.
    /// @param owner_ Minter.
    constructor(address owner_) ERC20("Test USD Coin", "tUSDC") Ownable(owner_) {}

    /// @notice Mints `amount` to `to`; owner only.
    /// @param to Receiver.
    /// @param amount Token units (6 decimals).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Mints up to `FAUCET_CAP` to the caller, once per `FAUCET_COOLDOWN`.
    /// @param amount Token units (6 decimals).
    function faucet(uint256 amount) external {
        if (amount > FAUCET_CAP) revert FaucetAmountTooLarge(amount, FAUCET_CAP);
        uint256 last = lastFaucet[msg.sender];
        if (last != 0 && block.timestamp < last + FAUCET_COOLDOWN) revert FaucetCooldown(last + FAUCET_COOLDOWN);
        lastFaucet[msg.sender] = block.timestamp;
        _mint(msg.sender, amount);
    }

    /// @notice 6 decimals, like USDC.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
