import * as fs from "node:fs";
import type { PolicyConfigEntry } from "../engine/analyzerClient";
import { PolicyConfigError, parsePolicyPackConfigText } from "../engine/policyConfig";
import { CheckFailure } from "./errors";

/**
 * Reads a policy config file in the format of `pulumi preview --policy-pack-config`: an object
 * keyed by policy name (or `all`), each an enforcement level or `{ enforcementLevel?, ...properties }`,
 * e.g. `{ "agentcore-gateway-policy-engine": { "production": false } }`. The file is parsed as the
 * CLI parses it before any pack starts, so a malformed file fails at once; checking it against
 * the pack's policies and their schemas happens when the pack is configured.
 */
export function readPolicyConfig(file: string): Record<string, PolicyConfigEntry> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new CheckFailure("usage", `--policy-config ${file}: ${(e as Error).message}`);
    }
    try {
        parsePolicyPackConfigText(text);
    } catch (e) {
        if (e instanceof PolicyConfigError) throw policyConfigFailure(e, file);
        throw e;
    }
    // Parsed above: blank, or an object whose entries are levels or objects with a valid level.
    return text.trim() === "" ? {} : (JSON.parse(text) as Record<string, PolicyConfigEntry>);
}

/** A config the CLI refuses, as a `config` failure (exit code 2) carrying the CLI's own text. */
export function policyConfigFailure(err: PolicyConfigError, file?: string): CheckFailure {
    const where = file === undefined ? "policy config" : `--policy-config ${file}`;
    return new CheckFailure("config", `${where}: ${err.message}`, err.errors);
}
