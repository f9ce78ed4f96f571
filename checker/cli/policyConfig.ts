import * as fs from "node:fs";
import { PolicyConfigEntry } from "../engine/analyzerClient";
import { CheckFailure } from "./errors";

/**
 * Reads a policy config file in the format of `pulumi preview --policy-pack-config`: an object
 * keyed by policy name (or `all`), each an enforcement level or `{ enforcementLevel?, ...properties }`,
 * e.g. `{ "agentcore-gateway-policy-engine": { "production": false } }`.
 */
export function readPolicyConfig(file: string): Record<string, PolicyConfigEntry> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new CheckFailure("usage", `--policy-config ${file}: ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new CheckFailure("usage", `--policy-config ${file}: expected a JSON object keyed by policy name`);
    }
    const out: Record<string, PolicyConfigEntry> = {};
    for (const [policy, entry] of Object.entries(parsed)) {
        const isLevel = typeof entry === "string";
        const isObject = entry !== null && typeof entry === "object" && !Array.isArray(entry);
        if (!isLevel && !isObject) throw new CheckFailure("usage", `--policy-config ${file}: "${policy}" must be an enforcement level or an object`);
        out[policy] = entry as PolicyConfigEntry;
    }
    return out;
}
