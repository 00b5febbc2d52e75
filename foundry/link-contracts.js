// forge names every source by its path under this folder; sources outside it (../contracts) get absolute names that
// imports from the tests cannot match. So, as hardhat-node does, ./contracts is a link to the repository's
// ../contracts, made on `npm ci`/`npm install` (the "prepare" script) and not committed.
"use strict";
const fs = require("fs");
const path = require("path");

const target = path.resolve(__dirname, "..", "contracts");
const link = path.join(__dirname, "contracts");
let stat;
try {
  stat = fs.lstatSync(link);
} catch {
  stat = undefined;
}
if (stat && fs.existsSync(link) && fs.realpathSync(link) === fs.realpathSync(target)) process.exit(0);
if (stat && !stat.isSymbolicLink()) {
  console.error(`${link} must be a link to ${target}, not a real folder; move it away.`);
  process.exit(1);
}
if (stat) fs.unlinkSync(link);
if (process.platform === "win32") fs.symlinkSync(target, link, "junction");
else fs.symlinkSync(path.join("..", "contracts"), link, "dir");
