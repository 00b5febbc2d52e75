#!/usr/bin/env node
// Starts the Hardhat network JSON-RPC server (HTTP + WebSocket on one port) in this process,
// bound to 127.0.0.1, and exits by itself when whoever started it goes away:
//   * --parent-pid P: polls process.kill(P, 0) every 500 ms and exits once P is gone, so a test
//     run that is killed (no finalizers, no ProcessExit) never leaks a node;
//   * stdin: exits when stdin reaches EOF (the parent's pipe closed). Pass --ignore-stdin when
//     stdin is a terminal or /dev/null.
// Usage: node scripts/run-node.js [--port 8545] [--hostname 127.0.0.1] [--parent-pid P]
//                                 [--ignore-stdin] [--log-rpc]
// Prints exactly one line starting with "HARDHAT_NODE_READY " once requests are accepted.
"use strict";

const path = require("path");

function parseArgs(argv) {
  const args = { port: 8545, hostname: "127.0.0.1", parentPid: undefined, ignoreStdin: false, logRpc: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--port") args.port = Number.parseInt(value(), 10);
    else if (a === "--hostname") args.hostname = value();
    else if (a === "--parent-pid") args.parentPid = Number.parseInt(value(), 10);
    else if (a === "--ignore-stdin") args.ignoreStdin = true;
    else if (a === "--log-rpc") args.logRpc = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error("bad --port");
  if (args.parentPid !== undefined && !(args.parentPid > 0)) throw new Error("bad --parent-pid");
  return args;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (e) {
    return e.code === "EPERM"; // exists but belongs to someone else
  }
}

function exitSoon(reason, code = 0) {
  process.stderr.write(`hardhat-node: exiting (${reason})\n`);
  // Nothing to flush: the chain lives in memory and is meant to die with us.
  process.exit(code);
}

function watchParent(args) {
  if (args.parentPid !== undefined) {
    if (!isAlive(args.parentPid)) exitSoon(`parent ${args.parentPid} is not running`);
    const timer = setInterval(() => {
      if (!isAlive(args.parentPid)) exitSoon(`parent ${args.parentPid} exited`);
    }, 500);
    timer.unref();
  }
  if (!args.ignoreStdin) {
    process.stdin.on("end", () => exitSoon("stdin closed"));
    process.stdin.on("error", () => exitSoon("stdin error"));
    process.stdin.resume(); // read (and discard) so that "end" fires
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => exitSoon(signal));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  watchParent(args); // before loading Hardhat (~1 s), so an early parent death is noticed too

  // Hardhat finds hardhat.config.js from the working directory.
  process.chdir(path.resolve(__dirname, ".."));
  const hre = require("hardhat");
  const { subtask } = require("hardhat/config");
  const { TASK_NODE, TASK_NODE_SERVER_READY } = require("hardhat/builtin-tasks/task-names");

  // Replace the banner (20 accounts with keys) by one machine-readable ready line.
  subtask(TASK_NODE_SERVER_READY, async ({ address, port, provider }) => {
    await provider.request({ method: "hardhat_setLoggingEnabled", params: [args.logRpc] });
    const chainId = Number.parseInt(await provider.request({ method: "eth_chainId", params: [] }), 16);
    console.log(`HARDHAT_NODE_READY http://${address}:${port}/ chainId=${chainId} pid=${process.pid}`);
  });

  // Same code path as `npx hardhat node`; resolves only when the server closes.
  await hre.run(TASK_NODE, { hostname: args.hostname, port: args.port });
}

main().catch((e) => {
  process.stderr.write(`hardhat-node: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
