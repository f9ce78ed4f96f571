import * as fs from "node:fs";
import { UNKNOWN, WireObject, WireValue, isSecretValue, isWireObject, secretValue } from "../engine/wire";
import { CheckFailure } from "./errors";

/** What `pulumi stack output --json` prints for a secret without `--show-secrets`. */
export const ELIDED_SECRET = "[secret]";

/**
 * One output value from the file. A value in Pulumi's own secret form (the SDK's signature
 * object) stays a secret; `"[secret]"` is a secret whose value was not shown, so it is a secret
 * unknown (never the literal text, never empty); anything else is the plain value.
 */
function outputValue(value: WireValue): WireValue {
    if (value === ELIDED_SECRET) return secretValue(UNKNOWN);
    if (isSecretValue(value)) return value;
    if (Array.isArray(value)) return value.map(outputValue);
    if (isWireObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, outputValue(v)]));
    return value;
}

/**
 * `--stack-outputs <file.json>`: `{ "<org>/<project>/<stack>": { "<output>": <value>, … } }`,
 * one entry per stack a program reads, each as `pulumi stack output --json [--show-secrets]`
 * prints that stack's outputs.
 */
export function readStackOutputsFile(file: string): Record<string, WireObject> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new CheckFailure("usage", `--stack-outputs ${file}: ${(e as Error).message}`);
    }
    if (!isWireObject(parsed)) throw new CheckFailure("usage", `--stack-outputs ${file}: expected an object of stack name -> outputs, e.g. {"organization/agentcore-hub/prod": {"gatewayArn": "arn:…"}}`);
    const out: Record<string, WireObject> = {};
    for (const [stack, outputs] of Object.entries(parsed)) {
        if (!isWireObject(outputs)) throw new CheckFailure("usage", `--stack-outputs ${file}: the outputs of "${stack}" must be an object of output name -> value, not ${JSON.stringify(outputs)}`);
        out[stack] = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, outputValue(v)]));
    }
    return out;
}
