#!/usr/bin/env bash
# The Foundry suite as CI runs it: install (npm ci), build, the stateless fuzz tests, then an invariant campaign of
# RUNS x DEPTH calls with a seed that changes per run and is printed first, so that a failure can be replayed:
#   FOUNDRY_SEED=0x... foundry/ci.sh
# The long campaign (1,000,000 calls): FOUNDRY_CAMPAIGN_RUNS=10000 FOUNDRY_CAMPAIGN_DEPTH=100 foundry/ci.sh
# Exits non-zero on any failure. Prints the build time, the campaign's calls per second and the outcomes it reached.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

runs=${FOUNDRY_CAMPAIGN_RUNS:-256}
depth=${FOUNDRY_CAMPAIGN_DEPTH:-100}
seed=${FOUNDRY_SEED:-0x$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')}
echo "foundry: seed ${seed} (replay: FOUNDRY_SEED=${seed} foundry/ci.sh)"

# npm ci when node_modules is missing or older than the lockfile (its "prepare" script links ./contracts).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
node link-contracts.js
# Not node_modules/.bin/forge: that npm wrapper (@foundry-rs/forge 1.7.1) always exits 0, even when a test fails.
forge=$(echo node_modules/@foundry-rs/forge-*/bin/forge)
"$forge" --version | head -1

t0=$(date +%s)
"$forge" build
t1=$(date +%s)
echo "foundry: build $((t1 - t0)) s"

"$forge" test --match-path 'test/fuzz/*' --fuzz-seed "$seed"

mkdir -p out/campaign
rm -f out/campaign/outcomes.txt
t2=$(date +%s)
FOUNDRY_INVARIANT_RUNS=$runs FOUNDRY_INVARIANT_DEPTH=$depth \
  "$forge" test --match-path 'test/invariant/*' --fuzz-seed "$seed"
t3=$(date +%s)
calls=$((runs * depth))
secs=$((t3 - t2 > 0 ? t3 - t2 : 1))
echo "foundry: campaign ${calls} calls (${runs} runs x ${depth}) in ${secs} s, $((calls / secs)) calls/s; outcomes reached:"
# One line per run, "name=count;name=count" (written by the invariant test's afterInvariant; forge calls it once
# more for the last run, hence uniq).
uniq out/campaign/outcomes.txt | awk -F';' '{ for (i = 1; i <= NF; i++) { n = split($i, kv, "="); if (n == 2) total[kv[1]] += kv[2] } }
  END { for (k in total) printf "%9d  %s\n", total[k], k }' | sort -rn
