import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyConfigEntry } from "../engine/analyzerClient";
import { yaml } from "../engine/sdkModules";
import { PRODUCTION_POLICIES, PRODUCTION_SETTING, parseProductionSetting } from "../../invariants/production";
import { CheckFailure } from "./errors";

function configOf(file: string): Record<string, unknown> {
    if (!fs.existsSync(file)) return {};
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: unknown } | null;
    return doc && typeof doc.config === "object" && doc.config !== null ? (doc.config as Record<string, unknown>) : {};
}

function asText(v: unknown): string | undefined {
    if (v !== null && typeof v === "object" && "value" in v) return asText((v as { value: unknown }).value); // project config `{ value: … }`
    if (v !== null && typeof v === "object" && "default" in v) return asText((v as { default: unknown }).default);
    return v === undefined || v === null ? undefined : String(v);
}

/**
 * The stack's production mode (`agentcore-hub:production`), as the program will read it: the
 * project file's value, then the stack file's, then `--config`. Read before the pack starts, so
 * the pack gets the same mode as the components (invariants/production.ts).
 */
export function readStackProduction(dir: string, stack: string, overrides: Record<string, string>): boolean | undefined {
    const raw = overrides[PRODUCTION_SETTING] ?? asText(configOf(path.join(dir, `Pulumi.${stack}.yaml`))[PRODUCTION_SETTING]) ?? asText(configOf(path.join(dir, "Pulumi.yaml"))[PRODUCTION_SETTING]);
    const parsed = parseProductionSetting(raw);
    if (parsed !== undefined && typeof parsed !== "boolean") throw new CheckFailure("usage", `${parsed.message} Fix: ${parsed.fix}`);
    return parsed;
}

/**
 * The policy config with the stack's production mode given to every policy that reads it,
 * unless the policy config sets that policy's `production` itself (then the pack judges with
 * it, and refuses a hub that declares non-production where it says production).
 */
export function withStackProduction(config: Record<string, PolicyConfigEntry>, production: boolean | undefined): Record<string, PolicyConfigEntry> {
    if (production === undefined) return config;
    const out = { ...config };
    for (const policy of PRODUCTION_POLICIES) {
        const entry = out[policy];
        if (typeof entry === "string") out[policy] = { enforcementLevel: entry, production };
        else if (entry === undefined) out[policy] = { production };
        else if (!("production" in entry)) out[policy] = { ...entry, production };
    }
    return out;
}
