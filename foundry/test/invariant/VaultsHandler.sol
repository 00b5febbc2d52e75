// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

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

    /// @notice A round beyond the bound: the price is unreadable until a round within the bound of it follows.
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
        int256 maxMove = answer * int256(uint256(params.maxDeviationBps)) / 1e4;
        if (target > answer + maxMove) target = answer + maxMove;
        if (target < answer - maxMove) target = answer - maxMove;
        _submitAnswer(target < 1e6 ? int256(1e6) : target);
        _outcome("price move to a liquidation price");
    }

    /// @notice Time passes: mostly up to a quarter of the heartbeat, one time in five up to twice the heartbeat
    /// (a stale price, then an oracle recovery).
    function warp(uint256 secondsSeed) external {
        uint256 hb = params.heartbeat;
        uint256 dt = secondsSeed % 5 == 0 ? _bound(secondsSeed, hb / 2, 2 * hb) : _bound(secondsSeed, 1, hb / 4);
        vm.warp(block.timestamp + dt);
        vm.roll(block.number + 1 + dt / 12);
        _outcome(block.timestamp - updatedAt > params.heartbeat ? "warp past the heartbeat" : "warp");
    }

    function _submit(uint256 bps, bool up) internal {
        int256 prev = answer;
        int256 next = up ? prev * int256(1e4 + bps) / 1e4 : prev * int256(1e4 - bps) / 1e4;
        if (next < 1e6) next = 1e6; // 0.01: a floor, so that a long run of falls does not end at zero.
        if (next > 1e14) next = 1e14; // 1,000,000
        _submitAnswer(next);
    }

    function _submitAnswer(int256 next) internal {
        vm.prank(admin);
        s.oracle.submit(next);
        (previousAnswer, previousUpdatedAt) = (answer, updatedAt);
        (answer, updatedAt) = (next, block.timestamp);
        ++rounds;
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
        liquidationsResumeAt = block.timestamp + params.gracePeriod;
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
        p.profitCapBps = uint32(_bound(seed >> 64, 1e4, 1e5));
        p.heartbeat = uint32(_bound(seed >> 80, 600, 7200));
        p.maxDeviationBps = uint16(_bound(seed >> 96, 500, 5000));
        p.gracePeriod = uint32(_bound(seed >> 112, 0, 600));
        p.keeperFeeFloor = uint128(_bound(seed >> 128, 0, 10e6));
        p.keeperFeeCap = uint128(_bound(seed >> 136, p.keeperFeeFloor, 2000e6));
        p.minCollateral = uint128(_bound(seed >> 144, 1e6, 20e6));
        p.minSize = uint96(_bound(seed >> 160, 1e14, 1e16));
        vm.prank(admin);
        s.config.setMarketParams(s.marketId, p);
        _setMarket(p);
        _outcome("parameter change");
    }

    // --- Liquidity providers, insurance fund, donations ---

    function lpDeposit(uint256 lpSeed, uint256 amountSeed) external {
        address lp = lps[lpSeed % lps.length];
        uint256 amount = _bound(amountSeed, 1, 2_000_000e6);
        _mint(lp, amount);
        uint256 shares = s.pool.previewDeposit(amount);
        uint256 before = s.pool.balanceOf(lp);
        _lpDeposit(lp, amount);
        _expectEq(s.pool.balanceOf(lp) - before, shares, "lpDeposit: shares");
        _outcome("LP deposit");
    }

    /// @notice A withdrawal up to 110% of what the pool lets the LP take: above it the pool must refuse.
    function lpWithdraw(uint256 lpSeed, uint256 amountSeed) external {
        address lp = lps[lpSeed % lps.length];
        uint256 max = s.pool.maxWithdraw(lp);
        uint256 amount = _bound(amountSeed, 1, max + max / 10 + 1);
        uint256 before = s.token.balanceOf(lp);
        vm.prank(lp);
        try s.pool.withdraw(amount, lp, lp) {
            _expectOutcome(true, amount <= max, "lpWithdraw", "");
            _expectEq(s.token.balanceOf(lp) - before, amount, "lpWithdraw: paid");
            _outcome("LP withdrawal");
        } catch (bytes memory err) {
            _expectOutcome(false, amount <= max, "lpWithdraw", err);
            _outcome("LP withdrawal refused");
        }
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
