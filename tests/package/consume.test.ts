/**
 * The package as users get it: `npm pack` the repository, install the tarball into a fresh
 * Pulumi project (no access to this repository's sources), type-check a strict program that
 * imports it, and run that program under Pulumi mocks.
 *
 * Slow (an npm install and two tsc runs over the @pulumi/aws declarations, about two minutes):
 * dependencies come from the npm cache the repository's own install filled (`--offline`, then
 * `--prefer-offline`). Set AGENTCORE_HUB_KEEP_CONSUMER=1 to keep the temporary project.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import { PACKAGE_NAME, PackageJson, REPO, childEnv, npmInstall, packTarball, repoPackage, run } from "./support";

const FIXTURES = path.join(REPO, "tests", "fixtures", "consumer");
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");

interface MockRunResult {
    registered: { type: string; name: string; inputs: Record<string, unknown> }[];
    calls: string[];
    outputs: Record<string, unknown>;
}

interface ThrowRunResult {
    thrown: { className: string; name: string; message: string; isPackageValidationError: boolean; problems: { invariant: string; message: string }[] | null };
    registered: string[];
}

/** Every string of an `exports` map (its targets), e.g. "./dist/components/index.js". */
function exportTargets(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object") return Object.values(value).flatMap(exportTargets);
    return [];
}

/** The npm package a bare `require` names, or undefined for relative paths and Node built-ins. */
function requiredPackage(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
    if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0])) return undefined;
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function filesUnder(dir: string, suffix: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return filesUnder(full, suffix);
        return entry.name.endsWith(suffix) ? [full] : [];
    });
}

function resultLine<T>(stdout: string, what: string): T {
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
    assert.ok(line, `${what} printed no RESULT line:\n${stdout}`);
    return JSON.parse(line.slice("RESULT ".length)) as T;
}

describe("package: consumed from its npm tarball", function () {
    this.timeout(300_000);

    let work = "";
    let tarball = "";
    /** Files of the tarball, relative to the package root ("dist/components/index.js"). */
    let files: string[] = [];

    before(function () {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-hub-consume-"));
        tarball = packTarball(work);
        files = run("tar", ["-tzf", tarball], work, "tar -tzf")
            .stdout.split("\n")
            .filter((line) => line !== "" && !line.endsWith("/"))
            .map((line) => line.replace(/^package\//, ""));
        console.log(`      ${path.basename(tarball)}: ${fs.statSync(tarball).size} bytes, ${files.length} files`);
    });

    after(function () {
        if (!work) return;
        if (process.env.AGENTCORE_HUB_KEEP_CONSUMER) console.log(`      kept ${work}`);
        else fs.rmSync(work, { recursive: true, force: true });
    });

    it("packs compiled JavaScript and declarations, without sources, tests or examples", function () {
        for (const required of ["package.json", "dist/components/index.js", "dist/components/index.d.ts", "dist/invariants/index.js", "dist/invariants/index.d.ts", "bin/agentcore-hub.js", "dist/checker/cli/launch.js", "dist/policypack/index.js", "dist/policypack/PulumiPolicy.yaml"]) {
            assert.ok(files.includes(required), `${required} is not in the tarball`);
        }
        assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), [], "TypeScript sources in the tarball");
        assert.deepEqual(files.filter((f) => f.split("/").some((part) => part === "tests" || part === "examples")), [], "tests or examples in the tarball");
        // The publishable bundle is a copy of the pack for `pulumi policy publish`, not a module to import.
        const undeclared = files.filter((f) => f.startsWith("dist/") && !f.startsWith("dist/policypack-bundle/") && f.endsWith(".js") && !files.includes(f.replace(/\.js$/, ".d.ts")));
        assert.deepEqual(undeclared, [], "compiled modules without type declarations");
    });

    it("ships no source map: the TypeScript sources they would point at are not packed", function () {
        assert.deepEqual(files.filter((f) => f.endsWith(".map")), [], "source maps in the tarball");
        const root = path.join(work, "unpacked");
        fs.mkdirSync(root);
        run("tar", ["-xzf", tarball, "-C", root], work, "tar -xzf");
        const mapped = filesUnder(path.join(root, "package", "dist"), ".js").filter((f) => fs.readFileSync(f, "utf8").includes("//# sourceMappingURL="));
        assert.deepEqual(mapped.map((f) => path.relative(root, f)), [], "compiled files that name a source map");
    });

    it("ships the self-contained bundle for `pulumi policy publish`, with the dependencies it installs", function () {
        for (const required of ["dist/policypack-bundle/PulumiPolicy.yaml", "dist/policypack-bundle/package.json", "dist/policypack-bundle/policypack/index.js"]) {
            assert.ok(files.includes(required), `${required} is not in the tarball`);
        }
        const bundle = JSON.parse(fs.readFileSync(path.join(REPO, "dist", "policypack-bundle", "package.json"), "utf8")) as PackageJson;
        assert.deepEqual(Object.keys(bundle.dependencies ?? {}).sort(), ["@aws-sdk/util-arn-parser", "@cedar-policy/cedar-wasm", "@pulumi/policy", "@pulumi/pulumi", "ajv", "protobufjs"]);
        // And every package its code requires is one of them.
        const required = new Set(
            filesUnder(path.join(REPO, "dist", "policypack-bundle"), ".js").flatMap((file) =>
                [...fs.readFileSync(file, "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].flatMap((m) => requiredPackage(m[1]) ?? []),
            ),
        );
        assert.deepEqual([...required].filter((name) => !(name in (bundle.dependencies ?? {}))), [], "packages the bundle requires and does not declare");
        // Everything the bundle requires by a relative path is inside it (publish uploads only this directory).
        const outside = filesUnder(path.join(REPO, "dist", "policypack-bundle"), ".js").flatMap((file) =>
            [...fs.readFileSync(file, "utf8").matchAll(/\brequire\(\s*["'](\.[^"']*)["']\s*\)/g)]
                .map((m) => path.resolve(path.dirname(file), m[1]))
                .filter((target) => !target.startsWith(path.join(REPO, "dist", "policypack-bundle") + path.sep))
                .map((target) => `${path.relative(REPO, file)} -> ${path.relative(REPO, target)}`),
        );
        assert.deepEqual(outside, [], "the bundle requires files outside itself");
    });

    it("points main, types and every export at a packed file", function () {
        const targets = [repoPackage.main, repoPackage.types, ...exportTargets(repoPackage.exports)].filter((t): t is string => t !== undefined);
        assert.ok(targets.length > 0, "package.json declares no entry point");
        const missing = targets.map((t) => path.posix.normalize(t)).filter((t) => !files.includes(t));
        assert.deepEqual(missing, [], "entry points of package.json that the tarball lacks");
    });

    describe("installed into a fresh Pulumi project", function () {
        let project = "";
        let compiled = false;

        before(function () {
            project = path.join(work, "consumer");
            fs.mkdirSync(project);
            // The Pulumi packages are peers of ours; the consumer installs the versions we test with.
            const deps = repoPackage.devDependencies ?? {};
            for (const name of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/aws-native", "@pulumi/policy"]) {
                assert.ok(repoPackage.peerDependencies?.[name] !== undefined, `${name} must be a peer dependency (one SDK copy in the consumer's program)`);
                assert.ok(repoPackage.dependencies?.[name] === undefined, `${name} must not be a regular dependency`);
            }
            const version = (name: string, from: Record<string, string> | undefined): string => {
                const v = from?.[name];
                assert.ok(v, `the repository's package.json has no version of ${name}`);
                return v;
            };
            const consumer = {
                name: "agentcore-hub-consumer",
                version: "0.0.0",
                private: true,
                main: "bin/index.js",
                dependencies: {
                    [PACKAGE_NAME]: `file:${tarball}`,
                    "@pulumi/pulumi": version("@pulumi/pulumi", deps),
                    "@pulumi/aws": version("@pulumi/aws", deps),
                    "@pulumi/aws-native": version("@pulumi/aws-native", deps),
                },
                // As `pulumi new typescript` writes: typescript and @types/node as devDependencies (a
                // 5.x: @pulumi/pulumi's optional peer range is < 7, and npm would otherwise pick the newest).
                devDependencies: { typescript: version("typescript", repoPackage.dependencies), "@types/node": version("@types/node", repoPackage.devDependencies) },
            };
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(consumer, null, 2) + "\n");
            fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: agentcore-hub-consumer\nruntime: nodejs\ndescription: Consumes pulumi-agentcore-hub from its npm tarball\n");
            for (const file of fs.readdirSync(FIXTURES)) {
                fs.copyFileSync(path.join(FIXTURES, file), path.join(project, file.replace(/\.fixture$/, "")));
            }

            const installed = npmInstall(project);
            console.log(`      npm install of the tarball: ${(installed.ms / 1000).toFixed(1)} s`);
            assert.ok(fs.existsSync(path.join(project, "node_modules", PACKAGE_NAME, "dist", "components", "index.js")), "the package is not installed");
            // One copy of the SDK: a second one breaks resource identity and the checker's SDK check.
            const sdkCopies = fs.readdirSync(path.join(project, "node_modules"), { recursive: true }).map(String).filter((f) => f.endsWith(path.join("@pulumi", "pulumi", "package.json")));
            assert.deepEqual(sdkCopies, [path.join("@pulumi", "pulumi", "package.json")]);
        });

        it("requires at run time only the package's declared dependencies and peers", function () {
            const root = path.join(project, "node_modules", PACKAGE_NAME);
            const installedPackage = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;
            // Peers are declared too: the consumer installs them (npm 7+ does, and warns when one is missing).
            const declared = new Set([...Object.keys(installedPackage.dependencies ?? {}), ...Object.keys(installedPackage.peerDependencies ?? {})]);
            const undeclared = new Set<string>();
            for (const file of filesUnder(path.join(root, "dist"), ".js")) {
                for (const match of fs.readFileSync(file, "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
                    const name = requiredPackage(match[1]);
                    if (name && !declared.has(name)) undeclared.add(`${name} (${path.relative(root, file)})`);
                }
            }
            assert.deepEqual([...undeclared], [], "packages required by the compiled code but not in dependencies");
        });

        it("type-checks a strict program that imports it (moduleResolution node, as `pulumi new` writes)", function () {
            // One tsc run: exit code 0 means no diagnostic under --strict (as with --noEmit), and it emits bin/ to run.
            run(process.execPath, [TSC, "-p", "tsconfig.json", "--strict"], project, "tsc (strict, type-check and emit of the consumer program)");
            compiled = true;
        });

        it("resolves both entry points through its exports map (moduleResolution node16)", function () {
            run(process.execPath, [TSC, "-p", "tsconfig.node16.json", "--noEmit", "--strict"], project, "tsc (node16 resolution of pulumi-agentcore-hub and pulumi-agentcore-hub/invariants)");
        });

        it("runs the program under Pulumi mocks: hub, gateway, policies, grants and spoke caller", function () {
            assert.ok(compiled, "the consumer program did not compile (see the type-check test)");
            const { stdout } = run(process.execPath, ["bin/runWithMocks.js", "bin/index.js"], project, "the consumer program under Pulumi mocks");
            const result = resultLine<MockRunResult>(stdout, "runWithMocks");
            const types = new Set(result.registered.map((r) => r.type));
            for (const type of [
                "agentcore-hub:index:AgentGatewayHub",
                "aws-native:bedrockagentcore:Gateway",
                "aws-native:bedrockagentcore:ResourcePolicy",
                "agentcore-hub:index:SpokeCaller",
                "aws-native:bedrockagentcore:Policy",
            ]) {
                assert.ok(types.has(type), `${type} was not registered; registered: ${[...types].join(", ")}`);
            }

            const gatewayArn = result.outputs.gatewayArn;
            assert.equal(gatewayArn, "arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/consumer-tools-a1b2c3d4e5");
            const placeholder = (result.outputs.facts as { placeholder: string }).placeholder;
            const policy = result.registered.find((r) => r.type === "aws-native:bedrockagentcore:Policy");
            const statement = (policy?.inputs.definition as { cedar?: { statement?: string } } | undefined)?.cedar?.statement ?? "";
            assert.ok(statement.includes(`"${gatewayArn}"`), `the Cedar policy does not name the gateway:\n${statement}`);
            assert.ok(!statement.includes(placeholder), `the Cedar policy still holds GATEWAY_ARN:\n${statement}`);
            const resourcePolicy = result.registered.find((r) => r.type === "aws-native:bedrockagentcore:ResourcePolicy");
            assert.equal(resourcePolicy?.inputs.resourceArn, gatewayArn);
            assert.ok(String(resourcePolicy?.inputs.policy).includes(String(result.outputs.callerRoleArn)), "the gateway's resource policy does not name the spoke caller role");
        });

        it("runs `agentcore-hub check` from the installed package: its compiled pack, offline", function () {
            assert.ok(compiled, "the consumer program did not compile (see the type-check test)");
            const bin = path.join(project, "node_modules", ".bin", "agentcore-hub");
            assert.ok(fs.existsSync(bin), "npm did not link the agentcore-hub bin");
            const result = spawnSync(process.execPath, [bin, "check", ".", "--format", "json"], { cwd: project, env: childEnv(), encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 280_000 });
            // 0 or 1: the verdict is the pack's business here; 2 would mean the check could not run.
            assert.ok(result.status === 0 || result.status === 1, `agentcore-hub check exited ${result.status}\n--- stderr ---\n${result.stderr}\n--- stdout ---\n${result.stdout.slice(0, 2000)}`);
            const report = JSON.parse(result.stdout) as { policyPack: { dir: string; name: string }; counts: { resources: number }; access: { gateways: unknown[] } };
            assert.equal(fs.realpathSync(report.policyPack.dir), fs.realpathSync(path.join(project, "node_modules", PACKAGE_NAME, "dist", "policypack")));
            assert.equal(report.policyPack.name, "agentcore-hub");
            assert.ok(report.counts.resources > 0, "no resource reported");
            assert.equal(report.access.gateways.length, 1);
        });

        it("exports the checker's API from pulumi-agentcore-hub/checker: runCheck on the project's own program", function () {
            assert.ok(compiled, "the consumer program did not compile (see the type-check test)");
            const { stdout } = run(process.execPath, ["bin/check.js"], project, "runCheck from pulumi-agentcore-hub/checker");
            const result = resultLine<{ failure?: string; passed: boolean; project: string; entry: string; policyPack: string; resources: number; violations: string[]; gateways: number }>(stdout, "check.js");
            assert.equal(result.failure, undefined, `runCheck failed: ${result.failure}`);
            assert.equal(result.project, "agentcore-hub-consumer");
            assert.equal(fs.realpathSync(result.entry), fs.realpathSync(path.join(project, "bin", "index.js")));
            assert.equal(fs.realpathSync(result.policyPack), fs.realpathSync(path.join(project, "node_modules", PACKAGE_NAME, "dist", "policypack")));
            assert.ok(result.resources > 0, "no resource reported");
            assert.equal(result.gateways, 1);
        });

        it("starts the pack from node_modules the way `pulumi preview --policy-pack` does (nothing to install there)", async function () {
            const packDir = path.join(project, "node_modules", PACKAGE_NAME, "dist", "policypack");
            assert.match(fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
            // The CLI's nodejs host finds run-policy-pack by Node resolution from the pack directory,
            // and the pack's own requires resolve the same way: both must reach the project's peers.
            const resolveFromPack = (specifier: string) =>
                run(process.execPath, ["-e", `process.stdout.write(require.resolve(${JSON.stringify(specifier)}))`], packDir, `require.resolve(${specifier}) from the pack directory`).stdout;
            assert.equal(fs.realpathSync(resolveFromPack("@pulumi/pulumi/cmd/run-policy-pack")), fs.realpathSync(require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [project] })));
            assert.equal(fs.realpathSync(resolveFromPack("@pulumi/policy")), fs.realpathSync(require.resolve("@pulumi/policy", { paths: [project] })));
            assert.ok(!fs.existsSync(path.join(packDir, "node_modules")), "the pack directory should need no install of its own");
            // Started over the Analyzer protocol with no preload from this repository.
            const { startPolicyPack } = await import("../../checker/engine/analyzerClient");
            const session = await startPolicyPack(packDir, { env: {} });
            try {
                assert.equal(session.info.name, "agentcore-hub");
                assert.ok(session.info.policies.length > 10, `only ${session.info.policies.length} policies`);
            } finally {
                await session.close();
            }
        });

        it("refuses bad input from the consumer with AgentCoreHubValidationError naming gatewayName", function () {
            assert.ok(compiled, "the consumer program did not compile (see the type-check test)");
            const { stdout } = run(process.execPath, ["bin/runWithMocks.js", "bin/badInput.js", "--expect-throw"], project, "the bad-input program under Pulumi mocks");
            const { thrown, registered } = resultLine<ThrowRunResult>(stdout, "runWithMocks --expect-throw");
            assert.equal(thrown.className, "AgentCoreHubValidationError", `unexpected error: ${thrown.message}`);
            assert.equal(thrown.name, "AgentCoreHubValidationError");
            assert.ok(thrown.isPackageValidationError, "the error is not an instance of the package's exported AgentCoreHubValidationError");
            assert.match(thrown.message, /gatewayName/);
            assert.ok(thrown.problems && thrown.problems.some((p) => p.message.includes("gatewayName")), "no problem names gatewayName");
            assert.deepEqual(registered, [], "resources were registered before the input was refused");
        });
    });
});
