import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * The checker's process loads a provider's service namespace at its first use, not when the
 * provider's index loads (checker/cli/deferSdkModules.ts), and a namespace read through the
 * stand-in is the real one's content. Run in a fresh process with the compiled deferrals, as
 * `agentcore-hub check` installs them (launch.ts).
 */
const root = path.resolve(__dirname, "..", "..");

function inFreshProcess(script: string): unknown {
    const prelude = `require(${JSON.stringify(path.join(root, "dist", "checker", "cli", "deferSdkModules.js"))}).deferUnusedSdkModules();`;
    const out = execFileSync(process.execPath, ["-e", `${prelude}\n${script}`], { cwd: root, encoding: "utf8" });
    return JSON.parse(out) as unknown;
}

const loaded = (pkg: string, service: string) => `Object.keys(require.cache).some((f) => f.endsWith(${JSON.stringify(path.join(pkg, service, "index.js"))}))`;

describe("provider namespaces under the checker", () => {
    it("a resource file required directly loads its deferred namespace first, so its resource modules are registered", () => {
        const result = inFreshProcess(`
            require("@pulumi/aws");
            const before = ${loaded(path.join("@pulumi", "aws"), "sqs")};
            require("@pulumi/aws/sqs/queue");
            const after = ${loaded(path.join("@pulumi", "aws"), "sqs")};
            const registered = [...require("@pulumi/pulumi/runtime/state").getResourceModules().keys()].some((k) => k.startsWith("aws:sqs/queue"));
            process.stdout.write(JSON.stringify({ before, after, registered }));
        `);
        assert.deepEqual(result, { before: false, after: true, registered: true });
    });

    for (const [pkg, service, member] of [
        [path.join("@pulumi", "aws-native"), "batch", "ComputeEnvironment"],
        [path.join("@pulumi", "aws"), "sqs", "Queue"],
    ] as const) {
        it(`${pkg}: ${service} is loaded at its first use, with its real members`, () => {
            const result = inFreshProcess(`
                const provider = require(${JSON.stringify(pkg.split(path.sep).join("/"))});
                const before = ${loaded(pkg, service)};
                const ctor = typeof provider.${service}.${member};
                const after = ${loaded(pkg, service)};
                const real = require(${JSON.stringify(`${pkg.split(path.sep).join("/")}/${service}`)});
                process.stdout.write(JSON.stringify({ before, ctor, after, same: provider.${service}.${member} === real.${member}, keys: Object.keys(provider.${service}).length === Object.keys(real).length }));
            `);
            assert.deepEqual(result, { before: false, ctor: "function", after: true, same: true, keys: true });
        });
    }
});
