#!/usr/bin/env bash
# Builds the Hardhat node image the integration tests run (see Dockerfile) and prints its name on the last line of
# stdout, e.g. "vaults-hardhat-node:3f2a9c0d1e7b". The tag is a hash of what goes into the image (package-lock.json
# standing for node_modules, which npm ci installs from it), so an unchanged checkout reuses the image (a second or two)
# and a changed lock file, config, run-node.js, Node.js binary or library builds a new one. Needs a Docker daemon and hardhat-node/node_modules (npm ci; the .NET build runs it).
# Usage: bash hardhat-node/docker/build-image.sh [--quiet]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hardhat="$(cd "$here/.." && pwd)"
repository="${VAULTS_NODE_IMAGE_REPOSITORY:-vaults-hardhat-node}"
quiet=false
[[ "${1:-}" == "--quiet" ]] && quiet=true
say() { $quiet || echo "build-image: $*" >&2; }

node_bin="$(readlink -f "$(command -v node)")"
[[ -x "$node_bin" ]] || { echo "build-image: no node on PATH" >&2; exit 1; }
[[ -f "$hardhat/node_modules/.package-lock.json" ]] || { echo "build-image: $hardhat/node_modules is missing: run npm ci there (or dotnet build) first" >&2; exit 1; }

# Native modules for other platforms are never loaded on linux-x64-gnu: leaving them out halves the image.
other_platforms=(--exclude='*-darwin-*' --exclude='*-win32-*' --exclude='*-arm64-*' --exclude='*-musl*' --exclude='*-freebsd-*')
native_modules() { find "$hardhat/node_modules" -name '*.node' -path '*linux-x64*' ! -name '*musl*'; }

# Every shared library node and the native modules link against (ldd: "libc.so.6 => /lib/.../libc.so.6" and the loader).
libraries() {
  { ldd "$node_bin"; native_modules | while read -r m; do ldd "$m"; done; } |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u
}

# Contents only (never the clone's path), so every clone of the same commit on the same machine names the same image.
tag="$(for file in "$here/Dockerfile" "$here/build-image.sh" "$hardhat/package-lock.json" "$hardhat/hardhat.config.js" \
  "$hardhat/scripts/run-node.js" "$node_bin" $(libraries); do sha256sum <"$file"; done | sha256sum | cut -c1-12)"
image="$repository:$tag"

# One build at a time (two test runs may ask at once); the second finds the image.
exec 9>"${TMPDIR:-/tmp}/vaults-hardhat-node-image.lock"
flock 9
if docker image inspect "$image" >/dev/null 2>&1; then
  say "$image is up to date"
  echo "$image"
  exit 0
fi

started=$(date +%s.%N)
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
root="$context/rootfs"
mkdir -p "$root/usr/bin" "$root/tmp" "$root/vaults/contracts" "$root/vaults/hardhat-node"
cp "$node_bin" "$root/usr/bin/node"
for lib in $(libraries); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# hardhat.config.js links ./contracts to ../contracts: an empty folder is enough, the node compiles nothing.
tar -C "$hardhat" "${other_platforms[@]}" -cf - package.json package-lock.json hardhat.config.js scripts node_modules |
  tar -C "$root/vaults/hardhat-node" -xf -
cp "$here/Dockerfile" "$context/Dockerfile"
say "building $image from $(du -sh "$context" | cut -f1) of staged files"
docker build --quiet --label "vaults.image=hardhat-node" -t "$image" "$context" >/dev/null
say "built $image in $(awk -v a="$started" -v b="$(date +%s.%N)" "BEGIN { printf \"%.1f\", b - a }") s"
echo "$image"
