import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedStack } from "../../checker/engine/types";
import type { WireObject } from "../../checker/engine/wire";

/**
 * What the SDK replay floor replays: each registration of a captured run as the program sent it
 * (type, name, the inputs before the provider's Check, parent, explicit provider, dependencies),
 * in registration order. The root stack is left out (the SDK registers its own), and so are
 * default providers (the engine makes those, not the SDK) and reads (no registration).
 */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    inputs: WireObject;
    /** A component's registered outputs. */
    outputs?: WireObject;
}

export interface ReplayInput {
    project: string;
    stack: string;
    registrations: Registration[];
}

export function replayInput(stack: CapturedStack): ReplayInput {
    const registrations = stack.resources
        .filter((r) => r.origin === "program" && r.type !== "pulumi:pulumi:Stack")
        .map((r): Registration => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            ...(r.parent !== undefined ? { parent: r.parent } : {}),
            ...(r.provider !== undefined ? { provider: r.provider.urn } : {}),
            dependencies: r.dependencies,
            inputs: r.custom ? r.programInputs ?? r.inputs : r.inputs,
            ...(r.custom ? {} : { outputs: r.outputs }),
        }));
    return { project: stack.project, stack: stack.stack, registrations };
}

/** Writes the input to a fresh temporary file for the floor's own process; returns its path. */
export function writeReplayInput(input: ReplayInput): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agentcore-bench-replay-"));
    const file = path.join(dir, "registrations.json");
    fs.writeFileSync(file, JSON.stringify(input));
    return file;
}
