// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {TraderActions} from "./TraderActions.sol";

/// @notice The keeper: single and batch liquidations, each checked against the reference's liquidation (partial or
/// full, its waterfall to the unit, bad debt covered by the claim, then the fund, then the pool).
abstract contract KeeperActions is TraderActions {
    function liquidate(uint256 vaultSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        Ref.Liquidation memory l = Ref.liquidate(market, g.pos, price());
        bool want = g.open && priceFresh() && l.liquidatable;
        Balances memory b = _balances(g.owner, vault);
        vm.prank(keeper);
        try s.factory.liquidate(vault) {
            _expectOutcome(true, want, "liquidate", "");
            if (!want) return;
            _settleLiquidation(g, l, b);
            _expectBalances(b, g.owner, vault, "liquidate");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "liquidate", err);
            _outcome(g.open && l.liquidatable ? "liquidation refused (stale price)" : "liquidation of a healthy or closed vault refused");
        }
    }

    /// @notice A batch of up to 8 vaults (healthy, closed and repeated ones included): every liquidatable one is
    /// liquidated in order, the others skipped with a reason; a batch that liquidates nothing reverts (so a keeper that
    /// lost a race learns it at simulation). The reference runs first, in the same order, on its own copy.
    function liquidateBatch(uint256 seed, uint256 count) external {
        if (vaults.length == 0) return;
        address[] memory batch = new address[](_bound(count, 1, 8));
        for (uint256 k = 0; k < batch.length; ++k) batch[k] = _vault(uint256(keccak256(abi.encode(seed, k))));
        // Owners may repeat across a batch, so only the shared balances run through it; each vault's own balance
        // is an invariant after the call.
        Balances memory run = _balances(address(0), address(0));
        (run.owner, run.vault) = (type(uint128).max, type(uint128).max);
        // A batch that liquidates nothing changes nothing in the reference either, so its pass can go first.
        (bool[] memory wantDone, uint256 wantCount, uint256 wantFee) = _referenceBatch(batch, run);
        vm.prank(keeper);
        try s.factory.liquidateBatch(batch) returns (uint256 liquidated, uint256 totalKeeperFee, bool[] memory done) {
            _expectOutcome(true, wantCount != 0, "liquidateBatch", "");
            for (uint256 k = 0; k < batch.length; ++k) {
                if (done[k] != wantDone[k]) _violate(string.concat("liquidateBatch: entry ", vm.toString(k), " differs"));
            }
            _expectEq(liquidated, wantCount, "liquidateBatch: count");
            _expectEq(totalKeeperFee, wantFee, "liquidateBatch: keeper fees");
            _expectBalances(run, address(0), address(0), "liquidateBatch");
            _outcome("batch liquidation");
        } catch (bytes memory err) {
            _expectOutcome(false, wantCount != 0, "liquidateBatch", err);
            _outcome(priceFresh() ? "batch that would liquidate nothing refused" : "batch refused (stale price)");
        }
    }

    function _referenceBatch(address[] memory batch, Balances memory run)
        internal
        returns (bool[] memory done, uint256 count, uint256 fees)
    {
        done = new bool[](batch.length);
        if (!priceFresh()) return (done, 0, 0);
        for (uint256 k = 0; k < batch.length; ++k) {
            Ghost storage g = ghosts[batch[k]];
            Ref.Liquidation memory l = Ref.liquidate(market, g.pos, price());
            if (!g.open || !l.liquidatable) continue;
            done[k] = true;
            ++count;
            fees += l.keeperFee;
            _settleLiquidation(g, l, run);
        }
    }

    /// @dev The reference's liquidation applied to the ghost and to the expected balances.
    function _settleLiquidation(Ghost storage g, Ref.Liquidation memory l, Balances memory b) internal {
        uint256 collateral = g.pos.collateral;
        b.keeper += l.keeperFee;
        ghostClaim += l.penalty;
        if (l.full) {
            // The owner's remainder stays in the vault as its recorded collateral, for the owner to claim (pull).
            b.vault = b.vault - collateral + l.ownerRemainder;
            b.pool = b.pool + collateral - l.keeperFee - l.ownerRemainder;
            bool isLong = g.pos.isLong;
            Ref.Side memory before = _side(isLong);
            g.open = false;
            delete g.pos;
            g.pos.collateral = l.ownerRemainder;
            _settleAgainstMark(
                before, isLong, int256(collateral) - int256(l.keeperFee + l.ownerRemainder + l.penalty), b
            );
            _outcome(l.badDebt != 0 ? "full liquidation with bad debt" : "full liquidation");
        } else {
            b.vault = b.vault + l.remainingCollateral - collateral;
            b.pool = b.pool + collateral - l.keeperFee - l.remainingCollateral;
            g.pos.size = l.remainingSize;
            g.pos.collateral = l.remainingCollateral;
            g.pos.reserve -= l.releasedReserve;
            _outcome("partial liquidation");
        }
    }
}
