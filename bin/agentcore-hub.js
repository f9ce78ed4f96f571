#!/usr/bin/env node
// The `agentcore-hub` command. The CLI is compiled TypeScript under dist/ (`npm run build`, which
// `npm ci` runs through the `prepare` script); this file only finds it.
"use strict";
const fs = require("fs");
const path = require("path");

const launcher = path.join(__dirname, "..", "dist", "checker", "cli", "launch.js");
if (!fs.existsSync(launcher)) {
    process.stderr.write(`agentcore-hub: ${launcher} is missing. In a clone of the repository, run \`npm run build\` (or \`npm ci\`, which builds).\n`);
    process.exit(2);
}
require(launcher);
