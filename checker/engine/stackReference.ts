import { WireObject, WireValue, isSecretValue, isWireObject } from "./wire";

/**
 * What a `StackReference` read returns, as the engine's builtin `pulumi` provider answers it.
 * Citations are to pulumi/pulumi at 1b5949891b3cefcb9974752b24a5ecef0acc86c8.
 *
 * - The SDK registers `pulumi:pulumi:StackReference` as a read whose id and `name` input are the
 *   referenced stack's name (sdk/nodejs/stackReference.ts:53-67).
 * - The engine answers with `name`, `outputs` (the referenced stack's outputs, secrets kept as
 *   secrets) and `secretOutputNames`, the sorted names of the outputs that hold a secret
 *   (pkg/resource/deploy/builtins.go:371-419); a stack it cannot find fails the read with
 *   `unknown stack "<name>"` (pkg/backend/backend.go:412-418).
 * - `getOutput(n)` is `outputs[n]` (undefined when absent) and `requireOutput(n)` throws
 *   `Required output 'n' does not exist on stack '<name>'.`; both are secret exactly when `n` is in
 *   `secretOutputNames` (sdk/nodejs/stackReference.ts:77-115, 212-230), so a non-secret output of
 *   a stack with secrets is not tainted, and a secret one stays secret.
 */

/** The organization the self-managed (diy) backend gives every stack, and the default for short names. */
export const DEFAULT_ORGANIZATION = "organization";

export interface StackReferenceSources {
    /** Outputs of referenced stacks, by fully qualified name (`org/project/stack`). */
    outputs: Record<string, WireObject>;
    /** The project of the program that reads (short names `stack` are in its own project). */
    project: string;
    /**
     * Stacks the caller checks later in the same set: reading one of those first is an ordering
     * mistake, said so by name.
     */
    later?: readonly string[];
}

/**
 * A stack name in the form the engine resolves it to, `org/project/stack`: `stack` is in the
 * reading program's project, `project/stack` in the default organization (the diy backend's
 * `organization`; a Pulumi Cloud backend would use the user's default organization, which is
 * not known offline).
 */
export function qualifiedStackName(name: string, project: string): string {
    const parts = name.split("/");
    if (parts.length === 1) return `${DEFAULT_ORGANIZATION}/${project}/${name}`;
    if (parts.length === 2) return `${DEFAULT_ORGANIZATION}/${name}`;
    return name;
}

/** The outputs supplied for `name`, matched by its qualified name. */
function suppliedOutputs(name: string, sources: StackReferenceSources): WireObject | undefined {
    const wanted = qualifiedStackName(name, sources.project);
    for (const [key, outputs] of Object.entries(sources.outputs)) if (qualifiedStackName(key, sources.project) === wanted) return outputs;
    return undefined;
}

/** Why a referenced stack could not be read offline: names the stack and how to supply it. */
export class UnknownStackError extends Error {
    constructor(readonly stackName: string, later: boolean) {
        super(
            later
                ? `unknown stack "${stackName}": it is checked later in this set; list its program directory before the programs that read it.`
                : `unknown stack "${stackName}": the program reads it through a StackReference, and its outputs were not given. Pass them with --stack-outputs <file.json> ({"${stackName}": {"<output>": <value>}}), or check the referenced project first in the same command (agentcore-hub check <its-dir>:<stack> <this-dir>).`,
        );
        this.name = "UnknownStackError";
    }
}

/** The engine's answer to a StackReference read of `name` (builtins.go:414-418). */
export function readStackReference(name: string, sources: StackReferenceSources): WireObject {
    const outputs = suppliedOutputs(name, sources);
    if (outputs === undefined) {
        const qualified = qualifiedStackName(name, sources.project);
        throw new UnknownStackError(name, (sources.later ?? []).some((l) => qualifiedStackName(l, sources.project) === qualified));
    }
    const secretOutputNames: WireValue[] = Object.keys(outputs)
        .filter((k) => containsSecret(outputs[k]))
        .sort();
    return { name, outputs, secretOutputNames };
}

/** True when the value holds a secret anywhere (the engine's `HasSecrets`, builtins.go:403-407). */
export function containsSecret(value: WireValue): boolean {
    if (isSecretValue(value)) return true;
    if (Array.isArray(value)) return value.some(containsSecret);
    if (isWireObject(value)) return Object.values(value).some(containsSecret);
    return false;
}
