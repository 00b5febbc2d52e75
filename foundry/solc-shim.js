#!/usr/bin/env node
// A stand-in for the native `solc` that forge expects, over the npm `solc` package (solcjs, WebAssembly): no native
// compiler can be downloaded here. forge calls it in exactly two ways (offline, auto_detect_solc = false):
//   solc --version                                    -> the native banner, so forge learns the version;
//   solc [--allow-paths A,B] [--base-path P] --standard-json   with Standard JSON on stdin, every source inline.
// Any other use is refused with a one-line error rather than guessed at.
"use strict";
const solc = require("solc");

const args = process.argv.slice(2);

if (args.includes("--version")) {
  // solcjs reports e.g. "0.8.28+commit.7893614a.Emscripten.clang"; forge parses the native banner's second line.
  const v = solc.version().replace(/\.Emscripten\.clang$/, "");
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${v}.Linux.g++\n`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  process.stderr.write(`solc-shim: only --version and --standard-json are supported (got: ${args.join(" ") || "no arguments"})\n`);
  process.exit(2);
}

const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const input = Buffer.concat(chunks).toString("utf8");
  // Every source comes inline; a missing import is a real error, reported as solc reports it.
  const missing = (path) => ({ error: `File not found (the shim compiles inline sources only): ${path}` });
  process.stdout.write(solc.compile(input, { import: missing }));
});
