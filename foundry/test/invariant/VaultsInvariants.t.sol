// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {Deployment} from "../system/Deployment.sol";
import {VaultsHandler} from "./VaultsHandler.sol";
import {World} from "./World.sol";

/// @notice The invariant campaign: the handler drives the whole system with random actions, and after every call
/// the system must agree with the reference's copy of it. Outcomes reached are appended per run to
/// out/campaign/outcomes.txt (ci.sh sums them).
contract VaultsInvariantTest is Test {
    string internal constant OUTCOMES = "out/campaign/outcomes.txt";

    uint256 internal constant CLOSE_CHECKS = 4;

    VaultsHandler internal h;
    uint256 internal _closeCursor;
    Deployment.System internal s;

    function setUp() public {
        h = new VaultsHandler();
        s = h.system();
        // Weights by repetition: a book needs opens and wandering prices for liquidations to happen; pauses,
        // parameter changes and the rest are rarer.
        bytes4[38] memory weighted = [
            h.open.selector, h.open.selector, h.open.selector, h.open.selector, h.open.selector,
            h.addMargin.selector, h.removeMargin.selector, h.increase.selector, h.decrease.selector, h.close.selector,
            h.liquidate.selector, h.liquidate.selector, h.liquidateBatch.selector, h.liquidateBatch.selector,
            h.movePrice.selector, h.movePrice.selector, h.movePrice.selector, h.movePrice.selector,
            h.movePriceBeyondBound.selector, h.warp.selector, h.warp.selector, h.pause.selector, h.unpause.selector,
            h.setParams.selector, h.lpDeposit.selector, h.lpWithdraw.selector, h.fundDeposit.selector,
            h.collectClaim.selector, h.donate.selector, h.strangerTries.selector, h.removeMargin.selector,
            h.increase.selector, h.movePriceToLiquidation.selector, h.movePriceToLiquidation.selector,
            h.claim.selector, h.jitDeposit.selector, h.setInvalidParams.selector, h.ownerMistakes.selector
        ];
        bytes4[] memory selectors = new bytes4[](weighted.length);
        for (uint256 k = 0; k < weighted.length; ++k) selectors[k] = weighted[k];
        targetSelector(FuzzSelector({addr: address(h), selectors: selectors}));
        targetContract(address(h));
    }

    /// @notice Checked after every call of the campaign (one invariant function runs one campaign, so all the checks
    /// share this one).
    function invariant_the_system_agrees_with_the_reference() public {
        _every_action_matches_the_reference();
        _token_is_conserved();
        _vaults_hold_their_collateral();
        _reserves_open_interest_and_claim_add_up();
        _pool_is_solvent();
        _preview_and_liquidation_price_agree_with_the_reference();
        _owner_can_always_add_margin_and_close();
    }

    /// @notice Every action's outcome and token movements matched the reference.
    function _every_action_matches_the_reference() internal view {
        string memory v = h.violation();
        assertTrue(bytes(v).length == 0, v);
    }

    /// @notice No token appears or disappears: the holders' balances sum to the supply.
    function _token_is_conserved() internal view {
        address[] memory holders = h.holders();
        uint256 sum;
        for (uint256 k = 0; k < holders.length; ++k) sum += s.token.balanceOf(holders[k]);
        assertEq(sum, s.token.totalSupply(), "balances vs supply");
    }

    /// @notice Each vault's record is the reference's copy, an open vault holds exactly its collateral and a closed
    /// one nothing (donations to it aside).
    function _vaults_hold_their_collateral() internal view {
        for (uint256 k = 0; k < h.vaultCount(); ++k) {
            address vault = h.vaults(k);
            World.Ghost memory g = h.ghost(vault);
            IVaultTypes.Position memory pos = s.factory.position(vault);
            assertEq(s.token.balanceOf(vault), g.pos.collateral + g.donated, "vault balance");
            assertEq(pos.status == IVaultTypes.Status.Open, g.open, "status");
            assertEq(pos.size, g.pos.size, "size");
            if (g.open) assertEq(pos.entryPrice, g.pos.entry, "entry"); // a closed record keeps its last entry
            assertEq(pos.collateral, g.pos.collateral, "collateral");
            assertEq(pos.reserve, g.pos.reserve, "reserve");
        }
    }

    /// @notice Reserves, open interest and the fund's claim are the sums the reference keeps.
    function _reserves_open_interest_and_claim_add_up() internal view {
        uint256 reserves;
        uint256 longs;
        uint256 shorts;
        for (uint256 k = 0; k < h.vaultCount(); ++k) {
            World.Ghost memory g = h.ghost(h.vaults(k));
            if (!g.open) continue;
            reserves += g.pos.reserve;
            if (g.pos.isLong) longs += g.pos.size;
            else shorts += g.pos.size;
        }
        assertEq(s.factory.totalReserved(), reserves, "total reserved");
        assertEq(s.factory.sideTotals(s.marketId, true).size, longs, "long open interest");
        assertEq(s.factory.sideTotals(s.marketId, false).size, shorts, "short open interest");
        assertEq(s.factory.insuranceClaim(), h.ghostClaim(), "insurance claim");
    }

    /// @notice The pool holds at least every reserve and the fund's claim.
    function _pool_is_solvent() internal view {
        assertGe(s.token.balanceOf(address(s.pool)), s.factory.totalReserved() + s.factory.insuranceClaim());
    }

    /// @notice previewLiquidation is the reference's liquidation, and the liquidation price is the exact boundary
    /// of the reference's predicate.
    function _preview_and_liquidation_price_agree_with_the_reference() internal view {
        Ref.Market memory m = h.referenceMarket();
        bool readable = h.priceFresh();
        for (uint256 k = 0; k < h.vaultCount(); ++k) {
            address vault = h.vaults(k);
            World.Ghost memory g = h.ghost(vault);
            if (!g.open) continue;
            _checkLiquidationPrice(m, g.pos, s.factory.liquidationPrice(vault));
            if (!readable) continue;
            IVaultTypes.LiquidationPreview memory got = s.factory.previewLiquidation(vault);
            Ref.Liquidation memory want = Ref.liquidate(m, g.pos, h.price());
            assertEq(got.liquidatable, want.liquidatable, "preview: liquidatable");
            assertEq(got.full, want.full, "preview: full");
            assertEq(got.closedSize, want.closedSize, "preview: closed size");
            assertEq(got.keeperFee, want.keeperFee, "preview: keeper fee");
            assertEq(got.penalty, want.penalty, "preview: penalty");
            assertEq(got.closeFee, want.closeFee, "preview: close fee");
            assertEq(got.realizedPnl, want.realizedPnl, "preview: realised pnl");
            assertEq(got.ownerRemainder, want.ownerRemainder, "preview: owner remainder");
            assertEq(got.badDebt, want.badDebt, "preview: bad debt");
            assertEq(got.remainingCollateral, want.remainingCollateral, "preview: remaining collateral");
        }
    }

    function _checkLiquidationPrice(Ref.Market memory m, Ref.Pos memory pos, uint256 lp) internal pure {
        if (pos.isLong) {
            if (lp != 0) assertTrue(Ref.isLiquidatable(m, pos, lp), "long: liquidatable at the liquidation price");
            assertFalse(Ref.isLiquidatable(m, pos, lp + 1), "long: healthy one above it");
        } else {
            assertTrue(Ref.isLiquidatable(m, pos, lp), "short: liquidatable at the liquidation price");
            assertFalse(Ref.isLiquidatable(m, pos, lp - 1), "short: healthy one below it");
        }
    }

    /// @notice Whatever happened, an owner can add margin and (on a readable price) close, and receives exactly the
    /// reference's payout. Tried on a snapshot, so the campaign's state is untouched. The heaviest check (two
    /// transactions per vault), so each call tries the next CLOSE_CHECKS vaults in turn rather than all of them.
    function _owner_can_always_add_margin_and_close() internal {
        bool readable = h.priceFresh();
        Ref.Market memory m = h.referenceMarket();
        uint256 n = h.vaultCount();
        for (uint256 j = 0; j < CLOSE_CHECKS && j < n; ++j) {
            address vault = h.vaults((_closeCursor + j) % n);
            World.Ghost memory g = h.ghost(vault);
            if (!g.open) continue;
            uint256 snapshot = vm.snapshotState();
            vm.startPrank(g.owner);
            s.token.approve(address(s.factory), 1);
            s.factory.addMargin(vault, 1);
            if (readable) {
                g.pos.collateral += 1;
                uint256 before = s.token.balanceOf(g.owner);
                s.factory.closeVault(vault, g.pos.isLong ? 0 : type(uint256).max);
                assertEq(s.token.balanceOf(g.owner) - before, Ref.close(m, g.pos, h.price()).payout, "close payout");
            }
            vm.stopPrank();
            vm.revertToState(snapshot);
        }
        _closeCursor += CLOSE_CHECKS;
    }

    /// @notice One line per run with the outcomes reached, for the campaign's figures.
    function afterInvariant() external {
        string memory line = "";
        for (uint256 k = 0; k < h.outcomeCount(); ++k) {
            string memory name = h.outcomeName(k);
            line = string.concat(line, k == 0 ? "" : ";", name, "=", vm.toString(h.outcomes(name)));
        }
        vm.createDir("out/campaign", true);
        vm.writeLine(OUTCOMES, line);
    }
}
