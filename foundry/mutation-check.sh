#!/usr/bin/env bash
# Shows that the suite has teeth: applies each deliberate bug below to a COPY of ../contracts (never the real one),
# builds it, runs the stateless fuzz tests and an invariant campaign, and expects a failure for each. Prints one line
# per mutation (caught, and by which test, or SURVIVED) and exits non-zero if any mutation survives or no longer
# applies (the contracts changed: update its pattern). Takes about 2 minutes per mutation (a viaIR rebuild each).
#   foundry/mutation-check.sh            every mutation
#   foundry/mutation-check.sh 2 4        only mutations 2 and 4
# Campaign size: MUTATION_RUNS (default 64) x MUTATION_DEPTH (default 100); seed: FOUNDRY_SEED (default random).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
runs=${MUTATION_RUNS:-64}
depth=${MUTATION_DEPTH:-100}
seed=${FOUNDRY_SEED:-0x$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}

# name | file under contracts/ | exact text | replacement
mutations=(
  "margin removal counts unrealised profit|VaultFactory.sol|int256 q = int256(newC * tokenScale) + (pnl < 0 ? pnl : int256(0));|int256 q = int256(newC * tokenScale) + pnl;"
  "close fee rounded down|VaultFactory.sol|uint256 fee = MarginMath.feeUp(MarginMath.notionalUp(s, price), f.closeFeeBps, tokenScale);|uint256 fee = MarginMath.notionalUp(s, price) * f.closeFeeBps / (_BPS * tokenScale);"
  "a settlement's loss paid without reducing the claim|VaultFactory.sol|(uint256((held - debited).toUint104()) << 104)|(uint256(held.toUint104()) << 104)"
  "a full liquidation ignores the mark's move|VaultFactory.sol|_markMove(sideBefore, sideAfter, t.price, pos.isLong, t.closeFeeBps)|-(net - int256(p.penalty)) * int256(t.tokenScale)"
  "partial liquidation releases the whole reserve|VaultFactory.sol|if (!p.full) {|if (false) {"
  "liquidation check ignores the close fee|libraries/LiquidationMath.sol|uint256(pos.collateral) * t.tokenScale, pos.size, pos.entryPrice, t.price, pos.isLong, m, t.closeFeeBps|uint256(pos.collateral) * t.tokenScale, pos.size, pos.entryPrice, t.price, pos.isLong, m, 0"
  "the circuit breaker stops a close|VaultFactory.sol|uint256 price = _latestPrice(f, _markets[marketId].limits.sequencerCheck);|uint256 price = _guardedPrice(f, _markets[marketId].limits.sequencerCheck);"
  "a batch that liquidates nothing succeeds|VaultFactory.sol|if (liquidated == 0) revert NothingLiquidated();|{}"
  "the reserve is not bounded by the notional|libraries/LiquidationMath.sol|uint256 byNotional = size * entryPrice / WAD / scale;|uint256 byNotional = type(uint256).max;"
)

[ -f "$here/node_modules/.package-lock.json" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The copy: contracts/ and the foundry project beside it, sharing node_modules (read only) with the real one.
cp -r "$here/../contracts" "$work/contracts"
mkdir "$work/foundry"
(cd "$here" && cp -r foundry.toml solc-shim.js test "$work/foundry/")
ln -s "$here/node_modules" "$work/foundry/node_modules"
ln -s ../contracts "$work/foundry/contracts"
# Not node_modules/.bin/forge: that npm wrapper (@foundry-rs/forge 1.7.1) always exits 0, even when a test fails.
forge=$(echo "$here"/node_modules/@foundry-rs/forge-*/bin/forge)

echo "mutation check: seed ${seed}, campaign ${runs} x ${depth}"
selected=("$@")
survived=0
for i in "${!mutations[@]}"; do
  n=$((i + 1))
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " ${n} " ]]; then continue; fi
  IFS='|' read -r name file from to <<<"${mutations[$i]}"
  target="$work/contracts/$file"
  cp "$here/../contracts/$file" "$target"
  if ! FROM="$from" TO="$to" node -e '
      const fs = require("fs"); const f = process.argv[1]; const src = fs.readFileSync(f, "utf8");
      const count = src.split(process.env.FROM).length - 1;
      if (count !== 1) { console.error(`found ${count} times`); process.exit(1); }
      fs.writeFileSync(f, src.replace(process.env.FROM, process.env.TO));' "$target"; then
    echo "mutation ${n} (${name}): DOES NOT APPLY to contracts/${file}; update its pattern"
    survived=1
    continue
  fi
  log="$work/mutation-${n}.log"
  # Each mutation is found on its own: no replay of the sequence that failed the previous one.
  rm -rf "$work/foundry/cache/invariant"
  start=$(date +%s)
  if ! (cd "$work/foundry" && "$forge" build >"$log" 2>&1); then
    echo "mutation ${n} (${name}): does not compile (see the pattern)"; tail -5 "$log"; survived=1
  elif (cd "$work/foundry" && mkdir -p out/campaign && "$forge" test --match-path 'test/fuzz/*' --fuzz-seed "$seed" >>"$log" 2>&1 \
      && FOUNDRY_INVARIANT_RUNS=$runs FOUNDRY_INVARIANT_DEPTH=$depth \
        "$forge" test --match-path 'test/invariant/*' --fuzz-seed "$seed" >>"$log" 2>&1); then
    echo "mutation ${n} (${name}): SURVIVED ($(($(date +%s) - start)) s)"
    survived=1
  else
    # The first failing test and the first line of its reason.
    caught=$(grep -m1 -E '^\[FAIL' "$log" | cut -c1-160)
    echo "mutation ${n} (${name}): caught in $(($(date +%s) - start)) s: ${caught}"
  fi
  cp "$here/../contracts/$file" "$target"
done
exit $survived
