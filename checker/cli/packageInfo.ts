import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE_NAME = "pulumi-agentcore-hub";

/**
 * The directory of this package, found from this file: `checker/cli` in a clone (run by
 * ts-node), `dist/checker/cli` when compiled, under `node_modules/pulumi-agentcore-hub` when installed.
 */
export function packageRoot(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
        if (path.dirname(dir) === dir) throw new Error(`agentcore-hub: cannot find the ${PACKAGE_NAME} package above ${__dirname}`);
    }
}

export function packageVersion(): string {
    const version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : "0.0.0";
}

/**
 * The pack `check` runs by default: the package's compiled pack (`npm run build` assembles it;
 * no ts-node type-check at every start), else the TypeScript sources of a clone not built yet.
 */
export function defaultPolicyPackDir(): string {
    const root = packageRoot();
    const compiled = path.join(root, "dist", "policypack");
    return fs.existsSync(path.join(compiled, "index.js")) ? compiled : path.join(root, "policypack");
}
