// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

import {IConfig, IFactory, IFund, IOracle, IPool, IVault} from "../system/Interfaces.sol";
import {KeeperActions} from "./KeeperActions.sol";

/// @notice A stranger (no role, owns no vault) tries every action reserved to a vault's owner, the factory, the
/// fund, the guardian or an owner: each must revert.
abstract contract StrangerActions is KeeperActions {
    uint256 internal constant STRANGER_ACTIONS = 33;

    function strangerTries(uint256 which, uint256 vaultSeed) external {
        address vault = _vault(vaultSeed);
        uint256 k = which % STRANGER_ACTIONS;
        if (vault == address(0) && (k < 8 || k == 29 || k == 30)) k = 8 + which % 21;
        (address target, bytes memory data) = _ownerAction(k, vault);
        vm.prank(stranger);
        (bool ok,) = target.call(data);
        if (ok) _violate(string.concat("a stranger succeeded with owner action #", vm.toString(k)));
        _outcome("stranger refused");
    }

    function _ownerAction(uint256 k, address vault) internal view returns (address, bytes memory) {
        IVaultTypes.MarketParams memory p = params;
        uint256[5] memory words;
        address f = address(s.factory);
        if (k == 0) return (f, abi.encodeCall(IFactory.removeMargin, (vault, 1, stranger)));
        if (k == 1) return (f, abi.encodeCall(IFactory.increasePosition, (vault, 1e15, 0, type(uint256).max)));
        if (k == 2) return (f, abi.encodeCall(IFactory.decreasePosition, (vault, 1, 0)));
        if (k == 3) return (f, abi.encodeCall(IFactory.claim, (vault, stranger)));
        if (k == 4) return (vault, abi.encodeCall(IVault.removeMargin, (1, stranger)));
        if (k == 5) return (vault, abi.encodeCall(IVault.claim, (stranger)));
        if (k == 6) return (vault, abi.encodeCall(IVault.transferOut, (stranger, 1)));
        if (k == 7) return (vault, abi.encodeCall(IVault.disburse, (stranger, 1, stranger, 1)));
        if (k == 8) return (address(s.pool), abi.encodeCall(IPool.payTo, (stranger, 1)));
        if (k == 9) return (address(s.pool), abi.encodeCall(IPool.setFactory, (stranger)));
        if (k == 10) return (address(s.fund), abi.encodeCall(IFund.coverBadDebt, (1)));
        if (k == 11) return (address(s.fund), abi.encodeCall(IFund.withdraw, (stranger, 1)));
        if (k == 12) return (address(s.fund), abi.encodeCall(IFund.depositToClaim, (1)));
        if (k == 13) return (address(s.fund), abi.encodeCall(IFund.setFactory, (stranger)));
        if (k == 14) return (f, abi.encodeCall(IFactory.liquidateInBatch, (vault, stranger)));
        if (k == 15) return (f, abi.encodeCall(IFactory.depositInsuranceClaim, (1)));
        if (k == 16) return (f, abi.encodeCall(IFactory.syncMarket, (s.marketId, words)));
        if (k == 17) return (address(s.config), abi.encodeCall(IConfig.setMarketParams, (s.marketId, p)));
        if (k == 18) return (address(s.config), abi.encodeCall(IConfig.pauseMarket, (s.marketId)));
        if (k == 19) return (address(s.config), abi.encodeCall(IConfig.unpauseMarket, (s.marketId)));
        if (k == 20) return (address(s.config), abi.encodeCall(IConfig.setGuardian, (stranger)));
        if (k == 21) return (address(s.config), abi.encodeCall(IConfig.setSequencerFeed, (address(s.oracle), 0)));
        if (k == 22) return (address(s.config), abi.encodeCall(IConfig.createMarket, (p)));
        if (k == 23) return (address(s.oracle), abi.encodeCall(IOracle.submit, (1)));
        if (k == 24) return (address(s.oracle), abi.encodeCall(IOracle.setReporter, (stranger, true)));
        if (k == 25) return (address(s.pool), abi.encodeCall(IPool.setCooldown, (1)));
        if (k == 26) return (address(s.config), abi.encodeCall(IConfig.transferOwnership, (stranger)));
        if (k == 27) return (address(s.pool), abi.encodeCall(IPool.transferOwnership, (stranger)));
        if (k == 28) return (address(s.token), abi.encodeWithSignature("mint(address,uint256)", stranger, 1));
        if (k == 29) return (f, abi.encodeCall(IFactory.closeVault, (vault, 0)));
        if (k == 30) return (vault, abi.encodeCall(IVault.close, (0)));
        if (k == 31) return (f, abi.encodeCall(IFactory.releaseInsuranceClaim, ()));
        return (address(s.config), abi.encodeCall(IConfig.renounceOwnership, ()));
    }
}
