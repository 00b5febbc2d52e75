// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {World} from "./World.sol";

/// @notice What a trader can do, each action with bounded random inputs, its outcome (accepted or refused) and its
/// token movements checked against the reference, and the reference's copy of the position updated.
abstract contract TraderActions is World {
    uint256 private _nonce;

    struct OpenPlan {
        address trader;
        bool isLong;
        uint256 collateral;
        uint256 size;
        uint256 fee;
        uint256 reserve;
        bool marginOk;
        bool want;
        address vault;
    }

    /// @param leverageSeed Picks a size from 1% to 120% of what the initial margin allows.
    function open(uint256 traderSeed, bool isLong, uint256 collateralSeed, uint256 leverageSeed) external {
        if (vaults.length >= MAX_VAULTS) return;
        OpenPlan memory o = _planOpen(traderSeed, isLong, collateralSeed, leverageSeed);
        Balances memory b = _balances(o.trader, o.vault);
        vm.startPrank(o.trader);
        s.token.approve(address(s.factory), o.collateral + o.fee);
        try s.factory.openVault(s.marketId, o.isLong, o.collateral, o.size, o.isLong ? type(uint256).max : 0, _nonce)
        returns (address opened) {
            vm.stopPrank();
            _expectOutcome(true, o.want, "open", "");
            if (o.want) _opened(o, b, opened);
        } catch (bytes memory err) {
            vm.stopPrank();
            _expectOutcome(false, o.want, "open", err);
            _outcome(_openRefusal(o));
        }
    }

    function _planOpen(uint256 traderSeed, bool isLong, uint256 collateralSeed, uint256 leverageSeed)
        internal
        returns (OpenPlan memory o)
    {
        o.trader = traders[traderSeed % traders.length];
        o.isLong = isLong;
        o.collateral = _bound(collateralSeed, market.minCollateral, 200_000e6);
        uint256 maxSize = o.collateral * 1e12 * 1e4 / (market.initialBps + market.closeFeeBps) * 1e18 / price();
        // Half the vaults near the initial margin (where liquidations happen), a quarter anywhere below, a quarter
        // beyond it (refused).
        uint256 mode = leverageSeed % 4;
        uint256 pct = mode < 2 ? _bound(leverageSeed >> 2, 85, 100) : mode == 2 ? _bound(leverageSeed >> 2, 1, 100) : _bound(leverageSeed >> 2, 100, 120);
        o.size = maxSize * pct / 100;
        if (o.size < market.minSize) o.size = market.minSize;
        (o.marginOk, o.fee, o.reserve) = Ref.open(market, o.collateral, o.size, price());
        bool oiOk = _openInterest(isLong) + o.size <= params.maxOpenInterest;
        o.want = o.marginOk && !paused && priceGuarded() && oiOk && o.reserve <= _freeLiquidity();
        // The vault's address is predictable per (owner, nonce): a clone with the owner as immutable argument.
        ++_nonce;
        o.vault = Clones.predictDeterministicAddressWithImmutableArgs(
            s.factory.vaultImplementation(),
            abi.encodePacked(o.trader),
            keccak256(abi.encode(o.trader, _nonce)),
            address(s.factory)
        );
    }

    function _openRefusal(OpenPlan memory o) internal view returns (string memory) {
        if (!o.marginOk) return "open refused for margin";
        if (paused) return "open refused (paused)";
        if (!priceGuarded()) return priceFresh() ? "open refused (circuit breaker)" : "open refused (stale price)";
        if (o.reserve > _freeLiquidity()) return "open refused (pool liquidity)";
        return "open refused (open-interest cap)";
    }

    function _opened(OpenPlan memory o, Balances memory b, address opened) internal {
        _expectEq(uint160(opened), uint160(o.vault), "open: vault address");
        vaults.push(o.vault);
        Ghost storage g = ghosts[o.vault];
        g.owner = o.trader;
        g.open = true;
        g.pos = Ref.Pos(o.isLong, o.size, price(), o.collateral, o.reserve);
        (b.owner, b.vault, b.pool) = (b.owner - o.collateral - o.fee, b.vault + o.collateral, b.pool + o.fee);
        _expectBalances(b, o.trader, o.vault, "open");
        _outcome("open");
    }

    /// @notice Anyone can add margin to an open vault, paying it; never blocked by a pause or the oracle.
    function addMargin(uint256 vaultSeed, uint256 payerSeed, uint256 amountSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        address payer = payerSeed % 2 == 0 ? g.owner : traders[payerSeed % traders.length];
        uint256 amount = _bound(amountSeed, 1, 50_000e6);
        Balances memory b = _balances(payer, vault);
        vm.startPrank(payer);
        s.token.approve(address(s.factory), amount);
        try s.factory.addMargin(vault, amount) {
            vm.stopPrank();
            _expectOutcome(true, g.open, "addMargin", "");
            if (!g.open) return;
            g.pos.collateral += amount;
            (b.owner, b.vault) = (b.owner - amount, b.vault + amount);
            _expectBalances(b, payer, vault, "addMargin");
            _outcome("add margin");
        } catch (bytes memory err) {
            vm.stopPrank();
            _expectOutcome(false, g.open, "addMargin", err);
        }
    }

    function removeMargin(uint256 vaultSeed, uint256 amountSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        uint256 amount = _bound(amountSeed, 1, g.pos.collateral + 1);
        bool want = g.open && priceGuarded() && Ref.canRemove(market, g.pos, amount, price());
        Balances memory b = _balances(g.owner, vault);
        vm.prank(g.owner);
        try s.factory.removeMargin(vault, amount, g.owner) {
            _expectOutcome(true, want, "removeMargin", "");
            if (!want) return;
            g.pos.reserve = Ref.reserveAfterRemoval(market, g.pos, g.pos.collateral - amount);
            g.pos.collateral -= amount;
            (b.owner, b.vault) = (b.owner + amount, b.vault - amount);
            _expectBalances(b, g.owner, vault, "removeMargin");
            _outcome("remove margin");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "removeMargin", err);
            _outcome("remove margin refused");
        }
    }

    function increase(uint256 vaultSeed, uint256 sizeSeed, uint256 marginSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        uint256 ds = _bound(sizeSeed, 1, g.pos.size + market.minSize);
        uint256 dc = marginSeed % 3 == 0 ? 0 : _bound(marginSeed, 1, 20_000e6);
        (bool marginOk, Ref.Pos memory next, uint256 fee) = Ref.increase(market, g.pos, ds, dc, price());
        bool want = g.open && marginOk && !paused && priceGuarded()
            && _openInterest(g.pos.isLong) + ds <= params.maxOpenInterest
            && (next.reserve <= g.pos.reserve || next.reserve - g.pos.reserve <= _freeLiquidity());
        Balances memory b = _balances(g.owner, vault);
        vm.startPrank(g.owner);
        s.token.approve(address(s.factory), dc + fee);
        try s.factory.increasePosition(vault, ds, dc, g.pos.isLong ? type(uint256).max : 0) {
            vm.stopPrank();
            _expectOutcome(true, want, "increase", "");
            if (!want) return;
            g.pos = next;
            (b.owner, b.vault, b.pool) = (b.owner - dc - fee, b.vault + dc, b.pool + fee);
            _expectBalances(b, g.owner, vault, "increase");
            _outcome("increase");
        } catch (bytes memory err) {
            vm.stopPrank();
            _expectOutcome(false, want, "increase", err);
            _outcome("increase refused");
        }
    }

    function decrease(uint256 vaultSeed, uint256 sizeSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        uint256 ds = g.open ? _bound(sizeSeed, 1, g.pos.size) : 1;
        (bool ok, Ref.Pos memory next, int256 rp, uint256 fee) = Ref.decrease(market, g.pos, ds, price());
        bool want = g.open && priceFresh() && ok;
        Balances memory b = _balances(g.owner, vault);
        vm.prank(g.owner);
        try s.factory.decreasePosition(vault, ds, g.pos.isLong ? 0 : type(uint256).max) {
            _expectOutcome(true, want, "decrease", "");
            if (!want) return;
            int256 toVault = rp - int256(fee);
            b.vault = uint256(int256(b.vault) + toVault);
            b.pool = uint256(int256(b.pool) - toVault);
            Ref.Side memory before = _side(g.pos.isLong);
            g.pos = next;
            _settleAgainstMark(before, next.isLong, -toVault, b);
            _expectBalances(b, g.owner, vault, "decrease");
            _outcome("decrease");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "decrease", err);
            _outcome("decrease refused");
        }
    }

    function close(uint256 vaultSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        bool want = g.open && priceFresh();
        Ref.Close memory c = Ref.close(market, g.pos, price());
        Balances memory b = _balances(g.owner, vault);
        vm.prank(g.owner);
        try s.factory.closeVault(vault, g.pos.isLong ? 0 : type(uint256).max) {
            _expectOutcome(true, want, "close", "");
            if (!want) return;
            _settleClose(g, c, b);
            _expectBalances(b, g.owner, vault, "close");
            _outcome(c.badDebt != 0 ? "close with bad debt" : "close");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "close", err);
            _outcome("close refused (stale price or not open)");
        }
    }

    /// @notice The owner takes what a closed or liquidated vault still holds (a liquidation's remainder, and anything
    /// donated to it); refused for an open vault and an empty one.
    function claim(uint256 vaultSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0)) return;
        Ghost storage g = ghosts[vault];
        uint256 held = g.open ? 0 : g.pos.collateral + g.donated;
        bool want = !g.open && held != 0;
        uint256 before = s.token.balanceOf(g.owner);
        vm.prank(g.owner);
        try s.factory.claim(vault, g.owner) returns (uint256 amount) {
            _expectOutcome(true, want, "claim", "");
            if (!want) return;
            _expectEq(amount, held, "claim: amount");
            _expectEq(s.token.balanceOf(g.owner) - before, held, "claim: paid");
            g.pos.collateral = 0;
            g.donated = 0;
            _outcome("remainder claimed");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "claim", err);
            _outcome("claim refused (open or empty)");
        }
    }

    /// @dev The reference's close applied to the ghost and to the expected balances: the owner gets the payout, the
    /// vault empties (all but what was donated to it) into owner and pool, settled against the pool's mark.
    function _settleClose(Ghost storage g, Ref.Close memory c, Balances memory b) internal {
        uint256 collateral = g.pos.collateral;
        b.owner += c.payout;
        b.vault -= collateral;
        b.pool = b.pool + collateral - c.payout;
        bool isLong = g.pos.isLong;
        Ref.Side memory before = _side(isLong);
        g.open = false;
        delete g.pos;
        _settleAgainstMark(before, isLong, int256(collateral) - int256(c.payout), b);
    }
}
