# Sourced by .ci/run: a Docker daemon for the tests' Hardhat nodes (Testcontainers), and the node image.
#   docker_up     installs docker.io when dockerd is missing, starts dockerd unless one already answers, waits for it, exports
#                 what Testcontainers needs and VAULTS_TEST_NODE=container (the fixtures then fail rather than fall back to a process)
#   docker_image  builds the node image (after the .NET build ran npm ci in hardhat-node/)
#   docker_down   stops the dockerd that docker_up started (nothing if it found one running); .ci/run calls it on exit
# Networking rule: no bridge and no iptables, so a container never gets an address outside loopback; the test containers
# run on the host network with the node bound to 127.0.0.1.

ci_dockerd_pid=""

docker_up() {
  if ! command -v dockerd >/dev/null; then
    echo "dockerd missing: apt-get install docker.io"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "a Docker daemon already answers: using it (and leaving it running)"
  else
    local log_dir="${VAULTS_CI_LOG_DIR:-$(mktemp -d)}"
    mkdir -p "$log_dir"
    ci_dockerd_log="$log_dir/dockerd.log"
    dockerd --bridge=none --iptables=false --ip6tables=false >"$ci_dockerd_log" 2>&1 &
    ci_dockerd_pid=$!
    echo "started dockerd (pid $ci_dockerd_pid, log $ci_dockerd_log)"
    local waited=0
    until docker version --format '{{.Server.Version}}' >/dev/null 2>&1; do
      if ! kill -0 "$ci_dockerd_pid" 2>/dev/null || ((waited >= 60)); then
        echo "dockerd did not answer within ${waited} s; its log ends with:" >&2
        tail -n 20 "$ci_dockerd_log" >&2
        return 1
      fi
      sleep 1
      waited=$((waited + 1))
    done
  fi
  # Testcontainers 4.17 asks for API 1.44 and refuses an older daemon (Debian's Docker 20.10 speaks 1.41) unless told.
  DOCKER_API_VERSION="$(docker version --format '{{.Server.APIVersion}}')"
  export DOCKER_API_VERSION
  # Ryuk (the reaper image) cannot be pulled here; the fixtures remove their containers themselves.
  export TESTCONTAINERS_RYUK_DISABLED=true
  # CI must take the container path: the fixtures fail instead of falling back to a child process.
  export VAULTS_TEST_NODE=container
  echo "Docker $(docker version --format '{{.Server.Version}}') (API $DOCKER_API_VERSION), networks: $(docker network ls --format '{{.Name}}' | tr '\n' ' ')"
}

docker_image() {
  local started=$SECONDS
  echo "node image: $(bash hardhat-node/docker/build-image.sh) ($((SECONDS - started)) s)"
}

docker_down() {
  [[ -n "$ci_dockerd_pid" ]] || return 0
  # Our test containers are gone by now (the fixtures remove them); anything labelled that is left goes with the daemon.
  docker ps -aq --filter label=vaults.test-node | xargs -r docker rm -f >/dev/null 2>&1 || true
  kill "$ci_dockerd_pid" 2>/dev/null || true
  wait "$ci_dockerd_pid" 2>/dev/null || true
  echo "stopped dockerd (pid $ci_dockerd_pid)"
  ci_dockerd_pid=""
}
