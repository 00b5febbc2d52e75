// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {IConfig, IFund, IPool} from "../system/Interfaces.sol";
import {StrangerActions} from "./StrangerActions.sol";

/// @notice Everything else that moves the world: the oracle (moves within and beyond the deviation bound, gaps and
/// warps past the heartbeat), the guardian (pause, unpause), governance (parameter changes within the bounds), LPs,
/// the insurance fund, donations, and a stranger trying every owner-only action.
contract VaultsHandler is StrangerActions {
    // --- Oracle and time ---

    /// @notice A round within the deviation bound (up to the bound exactly): seven times in eight a small move (up
    /// to a sixteenth of the bound), so that vaults cross their liquidation price gradually (partial liquidations).
    function movePrice(uint256 bpsSeed, bool up) external {
        uint256 bound = params.maxDeviationBps;
        _submit(_bound(bpsSeed, 0, bpsSeed % 8 == 0 ? bound : bound / 16), up);
        _outcome("price move within the bound");
    }

    /// @notice A round beyond the circuit breaker's bound: opens, increases and margin removals stop until the move
    /// is within the bound of the reference round again; liquidations, closes and decreases settle at it.
    function movePriceBeyondBound(uint256 bpsSeed, bool up) external {
        uint256 bound = params.maxDeviationBps;
        uint256 bps = _bound(bpsSeed, bound + 1, bound * 3 / 2 + 1);
        _submit(bps, up);
        _outcome("price move beyond the bound");
    }

    /// @notice A round at (or a few units either side of) an open vault's liquidation price, or as far towards it as
    /// the deviation bound allows: vaults cross their boundary by a hair, where partial liquidations and rounding live.
    function movePriceToLiquidation(uint256 vaultSeed, uint256 offsetSeed) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0) || !ghosts[vault].open) return;
        uint256 lp = s.factory.liquidationPrice(vault) / 1e10;
        if (lp == 0 || lp > 1e14) return;
        int256 target = int256(lp) + int256(offsetSeed % 7) - 3;
        int256 a = answer();
        int256 maxMove = a * int256(uint256(params.maxDeviationBps)) / 1e4;
        if (target > a + maxMove) target = a + maxMove;
        if (target < a - maxMove) target = a - maxMove;
        _submitAnswer(target < 1e6 ? int256(1e6) : target);
        _outcome("price move to a liquidation price");
    }

    /// @notice Time passes: mostly up to a quarter of the heartbeat, one time in five up to twice the heartbeat (a
    /// stale price, which stops every flow that reads it).
    function warp(uint256 secondsSeed) external {
        uint256 hb = params.heartbeat;
        uint256 dt = secondsSeed % 5 == 0 ? _bound(secondsSeed, hb / 2, 2 * hb) : _bound(secondsSeed, 1, hb / 4);
        vm.warp(block.timestamp + dt);
        vm.roll(block.number + 1 + dt / 12);
        _outcome(priceFresh() ? "warp" : "warp past the heartbeat");
    }

    function _submit(uint256 bps, bool up) internal {
        int256 prev = answer();
        int256 next = up ? prev * int256(1e4 + bps) / 1e4 : prev * int256(1e4 - bps) / 1e4;
        if (next < 1e6) next = 1e6; // 0.01: a floor, so that a long run of falls does not end at zero.
        if (next > 1e14) next = 1e14; // 1,000,000
        _submitAnswer(next);
    }

    function _submitAnswer(int256 next) internal {
        vm.prank(admin);
        s.oracle.submit(next);
        answers.push(next);
        times.push(block.timestamp);
    }

    // --- Guardian and governance ---

    /// @notice The guardian pauses one time in four it is called (a paused market refuses opens and increases).
    function pause(uint256 seed) external {
        if (seed % 4 != 0) return;
        vm.prank(guardian);
        s.config.pauseMarket(s.marketId);
        paused = true;
        _outcome("pause");
    }

    function unpause() external {
        vm.prank(guardian);
        s.config.unpauseMarket(s.marketId);
        paused = false;
        _outcome("unpause");
    }

    /// @notice New parameters within MarketConfig's bounds (kept near the defaults so that trading goes on).
    function setParams(uint256 seed) external {
        IVaultTypes.MarketParams memory p = params;
        uint256 m0 = _bound(seed, 100, 500);
        p.maintenanceMarginBps = [uint16(m0), uint16(m0 + seed % 50), uint16(m0 + 50 + seed % 60), uint16(m0 + 150)];
        p.liquidationFeeBps = uint16(_bound(seed >> 16, 0, 200));
        p.liquidationPenaltyBps = uint16(_bound(seed >> 24, 0, 200));
        uint256 target = m0 + 150 + _bound(seed >> 32, 1, 300);
        if (target <= uint256(p.liquidationFeeBps) + p.liquidationPenaltyBps) {
            target = uint256(p.liquidationFeeBps) + p.liquidationPenaltyBps + 1;
        }
        p.targetMarginBps = uint16(target);
        p.initialMarginBps = uint16(_bound(seed >> 40, m0 + 151, 2500));
        p.openFeeBps = uint16(_bound(seed >> 48, 0, 100));
        p.closeFeeBps = uint16(_bound(seed >> 56, 0, 100));
        p.profitCapBps = uint32(_bound(seed >> 64, 100, 1000) * 100); // whole percents
        p.heartbeat = uint32(_bound(seed >> 80, 600, 7200));
        p.maxDeviationBps = uint16(_bound(seed >> 96, 500, 5000));
        p.keeperFeeFloor = uint128(_bound(seed >> 128, 0, 10e6));
        p.keeperFeeCap = uint128(_bound(seed >> 136, p.keeperFeeFloor, 2000e6));
        p.minCollateral = uint128(_bound(seed >> 144, 1e6, 20e6));
        p.minSize = uint96(_bound(seed >> 160, 1e14, 1e16));
        vm.prank(admin);
        s.config.setMarketParams(s.marketId, p);
        _setMarket(p);
        _outcome("parameter change");
    }

    /// @notice Parameters just outside one of MarketConfig's bounds: each must be refused (among them the open-interest
    /// cap whose sentinel would wrap, and a profit cap that is not a whole percent).
    function setInvalidParams(uint256 which) external {
        IVaultTypes.MarketParams memory p = params;
        uint256 k = which % 8;
        if (k == 0) p.maxOpenInterest = type(uint96).max;
        else if (k == 1) p.profitCapBps = uint32(params.profitCapBps + 1);
        else if (k == 2) p.maintenanceMarginBps[3] = p.maintenanceMarginBps[2] - 1;
        else if (k == 3) p.targetMarginBps = p.maintenanceMarginBps[3];
        else if (k == 4) p.initialMarginBps = 5001;
        else if (k == 5) p.heartbeat = 59;
        else if (k == 6) p.keeperFeeFloor = p.keeperFeeCap + 1;
        else p.closeFeeBps = 101;
        vm.prank(admin);
        try s.config.setMarketParams(s.marketId, p) {
            _violate(string.concat("invalid parameters #", vm.toString(k), " accepted"));
        } catch {}
        _outcome("invalid parameters refused");
    }

    /// @notice The owner points the sequencer feed at an address with no code, or renounces ownership of the config,
    /// the pool or the fund: each must be refused (either would brick every price read or the governance).
    function ownerMistakes(uint256 which) external {
        uint256 k = which % 4;
        vm.prank(admin);
        bool ok;
        if (k == 0) (ok,) = address(s.config).call(abi.encodeCall(IConfig.setSequencerFeed, (_actor("no code"), 0)));
        else if (k == 1) (ok,) = address(s.config).call(abi.encodeCall(IConfig.renounceOwnership, ()));
        else if (k == 2) (ok,) = address(s.pool).call(abi.encodeCall(IPool.renounceOwnership, ()));
        else (ok,) = address(s.fund).call(abi.encodeCall(IFund.renounceOwnership, ()));
        if (ok) _violate(string.concat("owner mistake #", vm.toString(k), " accepted"));
        _outcome("owner mistake refused");
    }

    // --- Liquidity providers, insurance fund, donations ---

    /// @notice A deposit: refused only when the pool cannot value its open positions (a stale price); its shares
    /// are then locked for the cooldown.
    function lpDeposit(uint256 lpSeed, uint256 amountSeed) external {
        address lp = lps[lpSeed % lps.length];
        uint256 amount = _bound(amountSeed, 1, 2_000_000e6);
        _mint(lp, amount);
        if (!_poolValued()) {
            vm.startPrank(lp);
            s.token.approve(address(s.pool), amount);
            try s.pool.deposit(amount, lp) {
                _violate("lpDeposit succeeded on a price the pool cannot value");
            } catch {}
            vm.stopPrank();
            _outcome("LP deposit refused (stale price)");
            return;
        }
        uint256 shares = s.pool.previewDeposit(amount);
        uint256 before = s.pool.balanceOf(lp);
        _lpDeposit(lp, amount);
        _expectEq(s.pool.balanceOf(lp) - before, shares, "lpDeposit: shares");
        _expectEq(s.pool.cooldownEnds(lp), block.timestamp + s.pool.cooldown(), "lpDeposit: cooldown");
        _outcome("LP deposit");
    }

    /// @notice A withdrawal up to 110% of what the pool lets the LP take (nothing during its cooldown): above it the
    /// pool must refuse.
    function lpWithdraw(uint256 lpSeed, uint256 amountSeed) external {
        address lp = lps[lpSeed % lps.length];
        bool valued = _poolValued();
        bool cooling = block.timestamp < s.pool.cooldownEnds(lp);
        uint256 max = valued ? s.pool.maxWithdraw(lp) : 0;
        if (cooling) _expectEq(max, 0, "maxWithdraw during the cooldown");
        uint256 amount = _bound(amountSeed, 1, max + max / 10 + 1);
        bool want = valued && !cooling && amount <= max;
        uint256 before = s.token.balanceOf(lp);
        vm.prank(lp);
        try s.pool.withdraw(amount, lp, lp) {
            _expectOutcome(true, want, "lpWithdraw", "");
            _expectEq(s.token.balanceOf(lp) - before, amount, "lpWithdraw: paid");
            _outcome("LP withdrawal");
        } catch (bytes memory err) {
            _expectOutcome(false, want, "lpWithdraw", err);
            _outcome(cooling ? "LP withdrawal refused (cooldown)" : valued ? "LP withdrawal refused (free liquidity)" : "LP withdrawal refused (stale price)");
        }
    }

    /// @notice The just-in-time LP: deposit, then a liquidation or a close, then try to leave. The shares cannot
    /// leave in the block they entered, and whatever the action realised, they are worth no more than was deposited
    /// (the pool's value already marked the position, and a close or full liquidation is settled against that mark),
    /// rounding aside.
    /// @dev The pool marks positions from the factory's side aggregates, kept in units of 1e15 of quote value: a
    /// realisation can move the pool's value by a few such units (three here, 0.003 of a 6-decimal token).
    uint256 internal constant MARKING_GRANULARITY = 3 * 1e15 / 1e12 + 2;

    function jitDeposit(uint256 vaultSeed, uint256 amountSeed, bool liquidateInstead) external {
        address vault = _vault(vaultSeed);
        if (vault == address(0) || !ghosts[vault].open || !_poolValued()) return;
        uint256 amount = _bound(amountSeed, 1e6, 10_000_000e6);
        _mint(jit, amount);
        _lpDeposit(jit, amount);
        uint256 shares = s.pool.balanceOf(jit) - jitShares;
        jitShares += shares;
        // Known limit (README): a partial liquidation is not settled against the mark, so when its side is capped or
        // floored as a whole it can move the pool's value by as much as the side's mark differs from its positions'.
        bool partialLiquidation = liquidateInstead && !Ref.liquidate(market, ghosts[vault].pos, price()).full;
        uint256 windfall = partialLiquidation ? _markingError() : 0;
        if (liquidateInstead) this.liquidate(vaultSeed);
        else this.close(vaultSeed);
        vm.prank(jit);
        try s.pool.redeem(shares, jit, jit) {
            _violate("a deposit left in the block it entered");
        } catch {}
        if (!_poolValued()) return;
        if (partialLiquidation) windfall += _markingError();
        uint256 worth = s.pool.convertToAssets(shares);
        uint256 allowed = MARKING_GRANULARITY + windfall * shares / s.pool.totalSupply() + 1;
        if (worth > amount + allowed) {
            _violate(string.concat("JIT LP gained ", vm.toString(worth - amount), " on a deposit of ", vm.toString(amount)));
        }
        _outcome(liquidateInstead ? "JIT deposit around a liquidation" : "JIT deposit around a close");
    }

    /// @dev Known limit (README): the pool marks each market side as a whole (profit capped at the side's reserves,
    /// loss floored at its collateral), not each position on its own, so realising one position without settling
    /// against the mark (a partial liquidation) moves the pool's value by up to the difference between the two. This is that difference now: the pool's trader claim against the sum
    /// of every open position marked alone (min(PnL, reserve) - close fee, at least -collateral). Token units.
    function _markingError() internal view returns (uint256) {
        int256 alone;
        for (uint256 k = 0; k < vaults.length; ++k) {
            Ghost storage g = ghosts[vaults[k]];
            if (!g.open) continue;
            int256 pnl = Ref.toToken(Ref.pnlWad(g.pos.isLong, g.pos.size, g.pos.entry, price()), market.scale);
            if (pnl > int256(g.pos.reserve)) pnl = int256(g.pos.reserve);
            pnl -= int256(Ref.fee(Ref.notionalDown(g.pos.size, price()), market.closeFeeBps, market.scale));
            alone += pnl < -int256(g.pos.collateral) ? -int256(g.pos.collateral) : pnl;
        }
        int256 d = s.pool.traderClaim() - alone;
        return uint256(d >= 0 ? d : -d);
    }

    /// @dev The pool values open positions at the latest price: with a stale one its views and flows revert.
    function _poolValued() internal view returns (bool) {
        return priceFresh() || (_openInterest(true) == 0 && _openInterest(false) == 0);
    }

    /// @notice The fund's owner parks tokens in the pool as the fund's claim.
    function fundDeposit(uint256 amountSeed) external {
        uint256 amount = _bound(amountSeed, 1, 200_000e6);
        _mint(address(s.fund), amount);
        vm.prank(admin);
        s.fund.depositToClaim(amount);
        ghostClaim += amount;
        _outcome("insurance fund deposit");
    }

    /// @notice Anyone moves the claim from the pool to the fund.
    function collectClaim() external {
        uint256 fundBefore = s.token.balanceOf(address(s.fund));
        s.fund.collectClaim();
        _expectEq(s.token.balanceOf(address(s.fund)) - fundBefore, ghostClaim, "collectClaim: paid");
        ghostClaim = 0;
        _outcome("insurance claim collected");
    }

    /// @notice Tokens sent straight to a vault, the pool or the fund (never part of any account's books).
    function donate(uint256 targetSeed, uint256 amountSeed) external {
        uint256 amount = _bound(amountSeed, 1, 100_000e6);
        address target = targetSeed % 3 == 0 ? address(s.pool) : targetSeed % 3 == 1 ? address(s.fund) : _vault(targetSeed);
        if (target == address(0)) return;
        _mint(stranger, amount);
        vm.prank(stranger);
        s.token.transfer(target, amount);
        if (target != address(s.pool) && target != address(s.fund)) ghosts[target].donated += amount;
        _outcome("donation");
    }
}
