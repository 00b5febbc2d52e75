#!/usr/bin/env node
// Baseline for the .NET benchmarks: ethers v6 throughput on one core (Node runs JS on one thread).
//   (a) Wallet.signTransaction of a typical EIP-1559 tx (68-byte calldata, chainId 31337): sign + RLP serialise.
//   (b) AbiCoder encode + decode of (address,uint256,bool,(uint256,int256,address)[],string,bytes)
//       with 3 tuples, a 30-char string and 100 bytes.
//   (c) the keeper's hot path, as bench/Vaults.Benchmarks/KeeperHotPathBenchmarks.cs does it on Nethereum:
//       decode VaultLens.previewMany's answer for a chunk of 100 vaults (13-field LiquidationPreview tuples), and
//       encode liquidateBatch(address[]) of 50 vaults and sign it as an EIP-1559 transaction.
// Each case warms up, then runs for ~3 s. Prints one JSON line: {"signTxPerSec":..,"abiRoundTripsPerSec":..}
// Options: --seconds N (default 3), --warmup-seconds N (default 1).
"use strict";

const { Wallet, AbiCoder, Interface, Transaction, getBytes, hexlify } = require("ethers");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const SECONDS = arg("--seconds", 3);
const WARMUP_SECONDS = arg("--warmup-seconds", 1);

// Hardhat's published dev key #0 (public test key, never holds real funds).
const wallet = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

// transfer(address,uint256) selector + 2 words = 4 + 64 = 68 bytes, like an ERC-20 transfer.
const data =
  "0xa9059cbb" +
  "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8" +
  "0000000000000000000000000000000000000000000000000de0b6b3a7640000";
if (getBytes(data).length !== 68) throw new Error("calldata must be 68 bytes");

const tx = {
  type: 2,
  chainId: 31337n,
  nonce: 7,
  maxPriorityFeePerGas: 1_000_000_000n,
  maxFeePerGas: 30_000_000_000n,
  gasLimit: 100_000n,
  to: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  value: 0n,
  data,
};

const coder = AbiCoder.defaultAbiCoder();
const types = ["address", "uint256", "bool", "tuple(uint256,int256,address)[]", "string", "bytes"];
const values = [
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  123456789012345678901234567890n,
  true,
  [
    [1n, -5n, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"],
    [2n, 10n ** 18n, "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"],
    [3n, -(10n ** 30n), "0x90F79bf6EB2c4f870365E785982E1f101E93b906"],
  ],
  "thirty characters of note text", // 30 chars
  hexlify(Uint8Array.from({ length: 100 }, (_, i) => i)),
];
if (values[4].length !== 30) throw new Error("note must be 30 chars");

/** Runs fn repeatedly for `seconds` and returns calls per second. Checks the clock every 64 calls.
 *  `fn` may be sync; it is awaited only when it returns a promise (no microtask cost for the ABI case). */
async function measure(fn, seconds) {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let n = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) {
      const r = fn();
      if (r instanceof Promise) await r;
    }
    n += 64;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

async function signOnce() {
  // Fresh object each time: ethers caches nothing across calls, so this is sign + serialise.
  return wallet.signTransaction(tx);
}

function abiOnce() {
  const encoded = coder.encode(types, values);
  const decoded = coder.decode(types, encoded);
  if (decoded[3].length !== 3) throw new Error("bad decode");
}

// The keeper's hot path: the same ABI fragments as the contracts (VaultLens.previewMany, VaultFactory.liquidateBatch).
const keeper = new Interface([
  "function previewMany(address[] vaults) view returns ((bool liquidatable, bool full, uint256 fractionClosed, uint256 closedSize, uint256 keeperFee, uint256 penalty, uint256 closeFee, int256 realizedPnl, uint256 ownerRemainder, uint256 badDebt, uint256 price, uint256 remainingSize, uint256 remainingCollateral)[] out)",
  "function liquidateBatch(address[] vaults)",
]);
const vaultAddress = (i) => "0x" + (0x1000 + i).toString(16).padStart(40, "0");
const previews = Array.from({ length: 100 }, (_, i) => [i % 3 === 0, i % 6 === 0, 10n ** 17n * BigInt(i % 10), 10n ** 18n, 5n * 10n ** 6n,
  10n ** 6n, 2n * 10n ** 5n, i % 2 === 0 ? -(10n ** 8n) : 10n ** 8n, 3n * 10n ** 8n, 0n, 1780n * 10n ** 18n, 10n ** 18n, 7n * 10n ** 8n]);
const previewAnswer = keeper.encodeFunctionResult("previewMany", [previews]);
const batch = Array.from({ length: 50 }, (_, i) => vaultAddress(i));
let keeperNonce = 0;

function decodePreviewChunkOnce() {
  const [out] = keeper.decodeFunctionResult("previewMany", previewAnswer);
  if (out.length !== 100) throw new Error("bad previewMany decode");
}

async function liquidateBatchOnce() {
  return wallet.signTransaction({ ...tx, nonce: keeperNonce++, gasLimit: 2_000_000n, to: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    data: keeper.encodeFunctionData("liquidateBatch", [batch]) });
}

async function main() {
  // Sanity check: the signed tx parses back to our sender.
  const signed = await signOnce();
  if (Transaction.from(signed).from !== wallet.address) throw new Error("signature does not recover");

  await measure(signOnce, WARMUP_SECONDS);
  const signTxPerSec = await measure(signOnce, SECONDS);
  await measure(abiOnce, WARMUP_SECONDS);
  const abiRoundTripsPerSec = await measure(abiOnce, SECONDS);
  await measure(decodePreviewChunkOnce, WARMUP_SECONDS);
  const previewChunksPerSec = await measure(decodePreviewChunkOnce, SECONDS);
  await measure(liquidateBatchOnce, WARMUP_SECONDS);
  const liquidateBatchesPerSec = await measure(liquidateBatchOnce, SECONDS);
  console.log(JSON.stringify({
    signTxPerSec: Math.round(signTxPerSec), abiRoundTripsPerSec: Math.round(abiRoundTripsPerSec),
    previewChunksPerSec: Math.round(previewChunksPerSec), liquidateBatchesPerSec: Math.round(liquidateBatchesPerSec),
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
