// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

/// @notice The external surface of the deployed contracts the suite drives. The contracts are built with viaIR and
/// deployed from their artifacts, so the tests never import them; every signature the suite calls is here, in one file.
interface IFactory is IVaultTypes {
    function openVault(uint256 marketId, bool isLong, uint256 collateral, uint256 size, uint256 acceptablePrice, uint256 nonce)
        external
        returns (address vault);
    function addMargin(address vault, uint256 amount) external;
    function removeMargin(address vault, uint256 amount, address to) external;
    function increasePosition(address vault, uint256 sizeDelta, uint256 marginDelta, uint256 acceptablePrice) external;
    function decreasePosition(address vault, uint256 sizeDelta, uint256 acceptablePrice) external;
    function closeVault(address vault, uint256 acceptablePrice) external;
    function liquidate(address vault) external;
    function liquidateBatch(address[] calldata vaults)
        external
        returns (uint256 liquidated, uint256 totalKeeperFee, bool[] memory done);
    function claim(address vault, address to) external returns (uint256 amount);
    function liquidateInBatch(address vault, address keeper) external returns (uint256 keeperFee);
    function releaseInsuranceClaim() external returns (uint256);
    function depositInsuranceClaim(uint256 amount) external;
    function syncMarket(uint256 marketId, uint256[5] calldata words) external;
    function position(address vault) external view returns (Position memory);
    function previewLiquidation(address vault) external view returns (LiquidationPreview memory);
    function liquidationPrice(address vault) external view returns (uint256);
    function totalReserved() external view returns (uint128);
    function insuranceClaim() external view returns (uint256);
    function sideTotals(uint256 marketId, bool isLong) external view returns (SideTotals memory);
    function marketCount() external view returns (uint256);
    function checkedPrice(uint256 marketId) external view returns (uint256);
    function vaultImplementation() external view returns (address);
}

interface IConfig is IVaultTypes {
    function setFactory(address factory_) external;
    function createMarket(MarketParams calldata p) external returns (uint256 marketId);
    function setMarketParams(uint256 marketId, MarketParams calldata p) external;
    function setGuardian(address guardian_) external;
    function setSequencerFeed(address feed, uint32 gracePeriod) external;
    function pauseMarket(uint256 marketId) external;
    function unpauseMarket(uint256 marketId) external;
    function market(uint256 marketId) external view returns (MarketParams memory p, MarketState memory st);
    function transferOwnership(address newOwner) external;
    function renounceOwnership() external;
}

interface IOracle {
    function setReporter(address reporter, bool authorised) external;
    function submit(int256 answer) external returns (uint80 roundId);
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}

interface IPool is IERC4626 {
    function setFactory(address factory_) external;
    function setCooldown(uint256 cooldown_) external;
    function payTo(address to, uint256 amount) external;
    function freeLiquidity() external view returns (uint256);
    function traderClaim() external view returns (int256);
    function cooldown() external view returns (uint32);
    function cooldownEnds(address holder) external view returns (uint256);
    function transferOwnership(address newOwner) external;
    function renounceOwnership() external;
}

interface IFund {
    function setFactory(address factory_) external;
    function coverBadDebt(uint256 amount) external returns (uint256 paid);
    function collectClaim() external returns (uint256 amount);
    function depositToClaim(uint256 amount) external;
    function withdraw(address to, uint256 amount) external;
    function balance() external view returns (uint256);
    function renounceOwnership() external;
}

interface IVault {
    function transferOut(address to, uint256 amount) external;
    function disburse(address to1, uint256 amount1, address to2, uint256 amount2) external;
    function removeMargin(uint256 amount, address to) external;
    function close(uint256 acceptablePrice) external;
    function claim(address to) external returns (uint256 amount);
}

interface IMintable is IERC20 {
    function mint(address to, uint256 amount) external;
}
