// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IVaultTypes} from "vaults/interfaces/IVaultTypes.sol";

import {MarginReference as Ref} from "../reference/MarginReference.sol";
import {Deployment} from "../system/Deployment.sol";
import {IConfig, IFactory, IFund, IMintable, IOracle, IPool} from "../system/Interfaces.sol";

/// @notice The system under test and the reference's copy of it: every open vault's position as the reference computed
/// it, the insurance claim, the market's rules, pause and oracle state (what the price is and whether it can be read),
/// the outcomes reached, and the first disagreement with the contracts. A handler must not revert to report a
/// mismatch (forge drops a reverted call), so it records it here and an invariant fails on it.
abstract contract World is CommonBase, StdUtils {
    struct Ghost {
        address owner;
        bool open;
        uint256 donated;
        Ref.Pos pos;
    }

    /// @notice The balances an action can move, read before and after it.
    struct Balances {
        uint256 owner;
        uint256 vault;
        uint256 pool;
        uint256 fund;
        uint256 keeper;
    }

    uint256 internal constant MAX_VAULTS = 48;
    /// @dev OracleLib's circuit-breaker window and look-back.
    uint256 internal constant DEVIATION_WINDOW = 60;
    uint256 internal constant MAX_ROUNDS_BACK = 4;
    int256 internal constant INITIAL_ANSWER = 2000e8;

    Deployment.System internal s;
    address internal immutable admin = _actor("admin");
    address internal immutable guardian = _actor("guardian");
    address internal immutable keeper = _actor("keeper");
    address internal immutable stranger = _actor("stranger");
    address[3] internal traders = [_actor("trader0"), _actor("trader1"), _actor("trader2")];
    address[2] internal lps = [_actor("lp0"), _actor("lp1")];
    address internal immutable jit = _actor("jit");
    uint256 internal jitShares;

    address[] public vaults;
    mapping(address vault => Ghost) internal ghosts;
    uint256 public ghostClaim;
    IVaultTypes.MarketParams internal params;
    Ref.Market internal market;
    bool internal paused;

    // The oracle as the reference sees it: every round's answer and time (index 0 is round 1).
    int256[] internal answers;
    uint256[] internal times;

    string public violation;
    string[] internal outcomeNames;
    mapping(string name => uint256) public outcomes;

    constructor() {
        s = Deployment.deploy(admin, INITIAL_ANSWER);
        vm.prank(admin);
        s.config.setGuardian(guardian);
        _setMarket(Deployment.defaultParams(address(s.oracle)));
        answers.push(INITIAL_ANSWER);
        times.push(block.timestamp);
        // Seed the pool as the devnet does, and give every trader a float.
        _mint(lps[0], 5_000_000e6);
        _lpDeposit(lps[0], 5_000_000e6);
        for (uint256 k = 0; k < traders.length; ++k) _mint(traders[k], 10_000_000e6);
    }

    // --- Views for the invariants ---

    function vaultCount() external view returns (uint256) {
        return vaults.length;
    }

    function ghost(address vault) external view returns (Ghost memory) {
        return ghosts[vault];
    }

    function referenceMarket() external view returns (Ref.Market memory) {
        return market;
    }

    function system() external view returns (Deployment.System memory) {
        return s;
    }

    /// @notice Every address that can hold the token: the sum of their balances must be the supply.
    function holders() external view returns (address[] memory h) {
        address[13] memory fixed_ = [
            admin, guardian, keeper, stranger, address(this), traders[0], traders[1], traders[2], lps[0], lps[1], jit,
            address(s.pool), address(s.fund)
        ];
        h = new address[](fixed_.length + vaults.length);
        for (uint256 k = 0; k < fixed_.length; ++k) h[k] = fixed_[k];
        for (uint256 k = 0; k < vaults.length; ++k) h[fixed_.length + k] = vaults[k];
    }

    function outcomeCount() external view returns (uint256) {
        return outcomeNames.length;
    }

    function outcomeName(uint256 k) external view returns (string memory) {
        return outcomeNames[k];
    }

    /// @notice The price the contracts must read now (18 decimals).
    function price() public view returns (uint256) {
        return uint256(answer()) * 1e10;
    }

    function answer() public view returns (int256) {
        return answers[answers.length - 1];
    }

    /// @notice Whether the flows that remove risk (liquidate, close, decrease) and the pool's valuation can read the
    /// price: the latest round within the heartbeat. A large move does not stop them.
    function priceFresh() public view returns (bool) {
        return block.timestamp - times[times.length - 1] <= params.heartbeat;
    }

    /// @notice Whether the flows that add risk (open, increase, remove margin) can: a fresh price that moved at most
    /// maxDeviationBps against the reference round, the newest one at least DEVIATION_WINDOW older than the latest,
    /// looking back at most MAX_ROUNDS_BACK rounds (the oldest of those when the feed posted more inside the window).
    function priceGuarded() public view returns (bool) {
        if (!priceFresh()) return false;
        uint256 n = answers.length;
        if (params.maxDeviationBps == 0 || n < 2) return true;
        uint256 latestAt = times[n - 1];
        uint256 ref;
        for (uint256 k = 0; k < MAX_ROUNDS_BACK && n > k + 1; ++k) {
            ref = uint256(answers[n - k - 2]);
            if (times[n - k - 2] + DEVIATION_WINDOW <= latestAt) break;
        }
        uint256 now_ = uint256(answer());
        uint256 diff = now_ > ref ? now_ - ref : ref - now_;
        return diff * 1e4 <= ref * params.maxDeviationBps;
    }

    // --- Recording ---

    function _outcome(string memory name) internal {
        if (outcomes[name] == 0) outcomeNames.push(name);
        ++outcomes[name];
    }

    function _violate(string memory what) internal {
        if (bytes(violation).length == 0) violation = what;
    }

    function _expectEq(uint256 got, uint256 want, string memory what) internal {
        if (got != want) {
            _violate(string.concat(what, ": got ", vm.toString(got), ", reference ", vm.toString(want)));
        }
    }

    /// @dev A call that the reference says must succeed reverted, or the reverse.
    function _expectOutcome(bool ok, bool want, string memory action, bytes memory err) internal {
        if (ok == want) return;
        if (want) _violate(string.concat(action, " reverted, the reference accepts it: ", vm.toString(err)));
        else _violate(string.concat(action, " succeeded, the reference refuses it"));
    }

    // --- Helpers ---

    function _actor(string memory name) internal pure returns (address) {
        return address(uint160(uint256(keccak256(bytes(name)))));
    }

    function _balances(address owner_, address vault) internal view returns (Balances memory b) {
        b.owner = s.token.balanceOf(owner_);
        b.vault = vault == address(0) ? 0 : s.token.balanceOf(vault);
        b.pool = s.token.balanceOf(address(s.pool));
        b.fund = s.token.balanceOf(address(s.fund));
        b.keeper = s.token.balanceOf(keeper);
    }

    /// @dev Checks each balance against the reference's after-value.
    function _expectBalances(Balances memory want, address owner_, address vault, string memory action) internal {
        Balances memory got = _balances(owner_, vault);
        // address(0): not checked here (a batch's owners and vaults are checked by the invariants).
        if (owner_ != address(0)) _expectEq(got.owner, want.owner, string.concat(action, ": owner balance"));
        if (vault != address(0)) _expectEq(got.vault, want.vault, string.concat(action, ": vault balance"));
        _expectEq(got.pool, want.pool, string.concat(action, ": pool balance"));
        _expectEq(got.fund, want.fund, string.concat(action, ": fund balance"));
        _expectEq(got.keeper, want.keeper, string.concat(action, ": keeper balance"));
    }

    function _mint(address to, uint256 amount) internal {
        vm.prank(admin);
        s.token.mint(to, amount);
    }

    function _lpDeposit(address lp, uint256 amount) internal {
        vm.startPrank(lp);
        s.token.approve(address(s.pool), amount);
        s.pool.deposit(amount, lp);
        vm.stopPrank();
    }

    function _setMarket(IVaultTypes.MarketParams memory p) internal {
        params = p;
        market.scale = 1e12;
        market.initialBps = p.initialMarginBps;
        market.openFeeBps = p.openFeeBps;
        market.closeFeeBps = p.closeFeeBps;
        market.liquidationFeeBps = p.liquidationFeeBps;
        market.penaltyBps = p.liquidationPenaltyBps;
        market.targetBps = p.targetMarginBps;
        market.profitCapBps = p.profitCapBps;
        for (uint256 k = 0; k < 4; ++k) market.maintenanceBps[k] = p.maintenanceMarginBps[k];
        for (uint256 k = 0; k < 3; ++k) market.tierThresholds[k] = p.tierThresholds[k];
        market.keeperFeeFloor = p.keeperFeeFloor;
        market.keeperFeeCap = p.keeperFeeCap;
        market.minSize = p.minSize;
        market.minCollateral = p.minCollateral;
    }

    function _vault(uint256 seed) internal view returns (address) {
        if (vaults.length == 0) return address(0);
        return vaults[seed % vaults.length];
    }

    function _sumReserves() internal view returns (uint256 total) {
        for (uint256 k = 0; k < vaults.length; ++k) {
            if (ghosts[vaults[k]].open) total += ghosts[vaults[k]].pos.reserve;
        }
    }

    function _openInterest(bool isLong) internal view returns (uint256 total) {
        for (uint256 k = 0; k < vaults.length; ++k) {
            Ghost storage g = ghosts[vaults[k]];
            if (g.open && g.pos.isLong == isLong) total += g.pos.size;
        }
    }

    /// @dev Free liquidity as the pool must compute it: its tokens less the reserves and the fund's claim.
    function _freeLiquidity() internal view returns (uint256) {
        uint256 held = _sumReserves() + ghostClaim;
        uint256 bal = s.token.balanceOf(address(s.pool));
        return bal > held ? bal - held : 0;
    }

    /// @dev The side of `isLong` as the pool marks it, from the ghosts' open positions.
    function _side(bool isLong) internal view returns (Ref.Side memory side) {
        for (uint256 k = 0; k < vaults.length; ++k) {
            Ghost storage g = ghosts[vaults[k]];
            if (g.open && g.pos.isLong == isLong) Ref.addTerm(side, g.pos, market.scale);
        }
    }

    /// @dev A settlement against the mark (the ghosts already updated; `before` is the side before): the fund's claim
    /// is credited the LPs' gain, or pays their loss, then the fund's own tokens; the pool absorbs the rest.
    function _settleAgainstMark(Ref.Side memory before, bool isLong, int256 poolReceipt, Balances memory want) internal {
        (uint256 credit, uint256 owed) = Ref.markSettlement(market, before, _side(isLong), isLong, price(), poolReceipt);
        ghostClaim += credit;
        uint256 fromClaim = owed < ghostClaim ? owed : ghostClaim;
        ghostClaim -= fromClaim;
        uint256 rest = owed - fromClaim;
        uint256 fromFund = rest < want.fund ? rest : want.fund;
        want.fund -= fromFund;
        want.pool += fromFund;
        if (owed != 0) _outcome("settlement owed by the insurance fund");
        if (credit != 0) _outcome("settlement credited to the insurance fund");
    }
}
