// Hardhat 2 configuration for the Vaults contracts and the local devnet.
//
// The compiler is the npm `solc` package (solcjs, WebAssembly), never a download:
// CI and developer machines here have no access to binaries.soliditylang.org.
const fs = require("fs");
const path = require("path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

const SOLC_VERSION = "0.8.28";

// The npm package must be exactly the configured version, otherwise artifacts would
// claim one compiler while another one produced them.
const solcLongVersion = require("solc").version();
if (!solcLongVersion.startsWith(SOLC_VERSION + "+")) {
  throw new Error(
    `npm solc is ${solcLongVersion}, but hardhat.config.js compiles with ${SOLC_VERSION}; ` +
      `pin "solc": "${SOLC_VERSION}" in package.json and run npm ci.`
  );
}

// Based on NomicFoundation/hardhat#1639: hand Hardhat the local solcjs build instead of downloading.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, _hre, runSuper) => {
  if (args.solcVersion === SOLC_VERSION) {
    return {
      compilerPath: require.resolve("solc/soljson.js"),
      isSolcJs: true,
      version: args.solcVersion,
      longVersion: solcLongVersion,
    };
  }
  return runSuper();
});

// Hardhat 2 only compiles files inside its project root (HH1007 "treated as local but is outside
// the project"), and it resolves @openzeppelin/* from the project root's node_modules. So the root
// stays here and ./contracts is a link to the repository's ../contracts, made on demand (a junction
// on Windows needs no admin rights; not committed, so git never has to store a symlink).
// Source names stay "contracts/...", hence artifacts/contracts/... as the .NET build expects.
const CONTRACTS_DIR = path.resolve(__dirname, "..", "contracts");
const CONTRACTS_LINK = path.join(__dirname, "contracts");
function ensureContractsLink() {
  let stat;
  try {
    stat = fs.lstatSync(CONTRACTS_LINK);
  } catch {
    stat = undefined;
  }
  if (stat && fs.existsSync(CONTRACTS_LINK) && fs.realpathSync(CONTRACTS_LINK) === fs.realpathSync(CONTRACTS_DIR)) return;
  if (stat && !stat.isSymbolicLink()) {
    throw new Error(`${CONTRACTS_LINK} must be a link to ${CONTRACTS_DIR}, not a real folder; move it away.`);
  }
  if (stat) fs.unlinkSync(CONTRACTS_LINK); // stale link, e.g. after the clone moved
  // Relative on POSIX so the link survives moving the clone; junctions need an absolute target.
  if (process.platform === "win32") fs.symlinkSync(CONTRACTS_DIR, CONTRACTS_LINK, "junction");
  else fs.symlinkSync(path.join("..", "contracts"), CONTRACTS_LINK, "dir");
}
ensureContractsLink();

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
      // The factory keeps every position and its margin math: without the IR pipeline it hits "stack too deep".
      viaIR: true,
    },
  },
  paths: {
    sources: "./contracts", // = ../contracts through the link above
    artifacts: "./artifacts",
    cache: "./cache",
  },
  networks: {
    hardhat: {
      chainId: 31337,
      allowUnlimitedContractSize: false,
      mining: { auto: true },
    },
  },
};
