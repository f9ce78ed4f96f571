#!/usr/bin/env node
// After `tsc`: makes dist/policypack a runnable compiled pack (what `agentcore-hub check` starts:
// no ts-node type-check at every run), and dist/policypack-bundle a self-contained copy for
// `pulumi policy publish` (the pack plus the shared invariants and its npm dependencies).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const source = require(path.join(root, "policypack", "package.json"));
const rootPackage = require(path.join(root, "package.json"));
const yaml = fs.readFileSync(path.join(root, "policypack", "PulumiPolicy.yaml"), "utf8");

function writeJson(file, value) {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

const compiled = path.join(dist, "policypack");
if (!fs.existsSync(path.join(compiled, "index.js"))) throw new Error(`${compiled}/index.js is missing: run tsc first`);
fs.writeFileSync(path.join(compiled, "PulumiPolicy.yaml"), yaml);
writeJson(path.join(compiled, "package.json"), { name: source.name, version: source.version, private: true, main: "index.js" });

const bundle = path.join(dist, "policypack-bundle");
fs.rmSync(bundle, { recursive: true, force: true });
fs.mkdirSync(bundle, { recursive: true });
for (const dir of ["policypack", "invariants"]) {
    fs.cpSync(path.join(dist, dir), path.join(bundle, dir), { recursive: true, filter: (f) => !f.endsWith(".map") && !f.endsWith(".d.ts") });
}
fs.rmSync(path.join(bundle, "policypack", "package.json"));
fs.rmSync(path.join(bundle, "policypack", "PulumiPolicy.yaml"));
fs.writeFileSync(path.join(bundle, "PulumiPolicy.yaml"), yaml);
/**
 * The published pack installs on its own: it pins what we test with. The Pulumi packages are
 * peers of the library (the adopter's copies), so their tested versions are the devDependencies.
 */
function bundleVersion(name) {
    const version = rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];
    if (version === undefined) throw new Error(`assemble-policy-pack: no version of ${name} in package.json`);
    return version;
}
const runtimeDeps = ["@pulumi/policy", "@pulumi/pulumi", "@cedar-policy/cedar-wasm", "@aws-sdk/util-arn-parser", "ajv", "protobufjs"];
writeJson(path.join(bundle, "package.json"), {
    name: source.name,
    version: source.version,
    description: "CrossGuard policy pack of pulumi-agentcore-hub, self-contained for `pulumi policy publish` (run `npm install` here first).",
    main: "policypack/index.js",
    dependencies: Object.fromEntries(runtimeDeps.map((d) => [d, bundleVersion(d)])),
});
