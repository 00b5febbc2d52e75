// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

import {IConfig, IFactory, IFund, IMintable, IOracle, IPool} from "./Interfaces.sol";

/// @notice Deploys and wires a whole system as src/Vaults.Contracts/Deployment/VaultsDeployer.cs does, from the
/// contracts' viaIR artifacts: TestUSDC, a PriceOracle (8 decimals, the owner as reporter, a first price), the pool,
/// the fund, the config, the factory, then the factory bound to pool, fund and config and the first market with
/// MarketSettings.cs's defaults.
library Deployment {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    /// @notice VaultsDeployer's default: an LP's new shares stay locked 60 s.
    uint256 internal constant POOL_COOLDOWN = 60;

    struct System {
        IMintable token;
        IOracle oracle;
        IPool pool;
        IFund fund;
        IConfig config;
        IFactory factory;
        uint256 marketId;
    }

    /// @notice MarketSettings.cs's defaults for a 6-decimal token: 10x, maintenance 3-6 %, keeper fee 1 % (5 to 1,000
    /// tokens), penalty 1 %, fees 0.1 %, profit cap 5x, heartbeat 1 h, circuit breaker at 20 %.
    function defaultParams(address feed) internal pure returns (IVaultTypes.MarketParams memory p) {
        p.feed = feed;
        p.heartbeat = 3600;
        p.maxDeviationBps = 2000;
        p.initialMarginBps = 1000;
        p.targetMarginBps = 700;
        p.liquidationFeeBps = 100;
        p.liquidationPenaltyBps = 100;
        p.openFeeBps = 10;
        p.closeFeeBps = 10;
        p.profitCapBps = 50_000;
        p.maintenanceMarginBps = [uint16(300), 400, 500, 600];
        p.tierThresholds = [uint64(100_000), 1_000_000, 10_000_000];
        p.keeperFeeFloor = 5e6;
        p.keeperFeeCap = 1000e6;
        p.maxOpenInterest = 10_000e18;
        p.minCollateral = 10e6;
        p.minSize = 0.001e18;
    }

    function deploy(address owner, int256 initialAnswer) internal returns (System memory s) {
        VM.startPrank(owner);
        s.token = IMintable(VM.deployCode("TestUSDC.sol:TestUSDC", abi.encode(owner)));
        s.oracle = IOracle(VM.deployCode("PriceOracle.sol:PriceOracle", abi.encode(uint8(8), "ETH / USD", owner)));
        s.oracle.setReporter(owner, true);
        s.oracle.submit(initialAnswer);
        s.pool = IPool(
            VM.deployCode("LiquidityPool.sol:LiquidityPool", abi.encode(address(s.token), owner, POOL_COOLDOWN))
        );
        s.fund = IFund(VM.deployCode("InsuranceFund.sol:InsuranceFund", abi.encode(address(s.token), address(s.pool), owner)));
        s.config = IConfig(VM.deployCode("MarketConfig.sol:MarketConfig", abi.encode(owner)));
        s.factory = IFactory(
            VM.deployCode(
                "VaultFactory.sol:VaultFactory",
                abi.encode(address(s.token), address(s.pool), address(s.fund), address(s.config))
            )
        );
        s.pool.setFactory(address(s.factory));
        s.fund.setFactory(address(s.factory));
        s.config.setFactory(address(s.factory));
        s.marketId = s.config.createMarket(defaultParams(address(s.oracle)));
        VM.stopPrank();
    }
}
