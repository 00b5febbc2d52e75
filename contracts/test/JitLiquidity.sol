// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title IFactoryActions
/// @author Vaults
/// @notice The factory entry point the bundle uses.
interface IFactoryActions {
    /// @notice See VaultFactory.liquidate.
    /// @param vault The vault.
    function liquidate(address vault) external;
}

/// @title JitLiquidity
/// @author Vaults
/// @notice TEST ONLY. The just-in-time LP bundle of issue 10.2 in one transaction: deposit a large amount into the
/// pool, let the pool realise a loss (a liquidation), redeem everything. With the deposit cooldown the redeem reverts
/// and so does the whole bundle.
contract JitLiquidity {
    /// @notice Deposits `assets`, liquidates `vault`, redeems every share; returns what came back.
    /// @param pool The liquidity pool.
    /// @param factory The factory.
    /// @param vault The vault to liquidate.
    /// @param assets Token units to deposit (held by this contract).
    /// @return redeemed Token units redeemed.
    function depositLiquidateRedeem(IERC4626 pool, IFactoryActions factory, address vault, uint256 assets)
        external
        returns (uint256 redeemed)
    {
        IERC20(pool.asset()).approve(address(pool), assets);
        uint256 shares = pool.deposit(assets, address(this));
        factory.liquidate(vault);
        return pool.redeem(shares, address(this), address(this));
    }
}
