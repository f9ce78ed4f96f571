/**
 * The floors' own process (`node dist/bench/floors/sdkReplayChild.js <registrations.json>`),
 * started with nothing loaded but node:
 *
 * - pure JS: the same registrations' inputs and URNs built as fresh objects, no SDK: what the
 *   program's data costs by itself;
 * - SDK replay: the same registrations through @pulumi/pulumi (`CustomResource`,
 *   `ProviderResource`, `ComponentResource` with the same parents, explicit providers and
 *   dependencies) against the SDK's own mock monitor with mocks that echo the inputs: no policy
 *   pack, no engine model (checker/engine), no components' logic. What the SDK itself costs per
 *   registration, with its defaults (stack capture on).
 *
 * Prints one JSON line, ReplayFigures, on stdout; the parent reads this process's peak RSS
 * from the probe (processPeaks.ts).
 */
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { WireObject, WireValue } from "../../checker/engine/wire";
import type { ReplayInput } from "./registrations";

export interface ReplayFigures {
    registrations: number;
    pureJsMs: number;
    sdkLoadMs: number;
    replayMs: number;
}

function build(value: WireValue): WireValue {
    if (Array.isArray(value)) return value.map(build);
    if (value !== null && typeof value === "object") {
        const out: WireObject = {};
        for (const [k, v] of Object.entries(value)) out[k] = build(v);
        return out;
    }
    return value;
}

/** Builds every registration's inputs and URN afresh; returns a count so the work is not dead code. */
function pureJs(input: ReplayInput): number {
    const built = input.registrations.map((r) => ({ urn: `urn:pulumi:${input.stack}::${input.project}::${r.type}::${r.name}`, inputs: build(r.inputs), parent: r.parent, dependencies: [...r.dependencies] }));
    return built.length;
}

async function replay(input: ReplayInput): Promise<Omit<ReplayFigures, "pureJsMs">> {
    const loadStarted = performance.now();
    const pulumi = await import("@pulumi/pulumi");
    const { runInPulumiStack } = await import("@pulumi/pulumi/runtime/stack");
    // waitForRPCs is internal (not in the declarations); capture.ts uses it the same way.
    const settings = (await import("@pulumi/pulumi/runtime/settings")) as unknown as { waitForRPCs(): Promise<void> };
    const sdkLoadMs = performance.now() - loadStarted;
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => ({ id: args.custom ? `${args.name}-id` : undefined, state: args.inputs }),
            call: (args) => args.inputs,
        },
        input.project,
        input.stack,
        true,
    );
    // The SDK's classes are abstract; bare subclasses add nothing to what a registration costs.
    class Provider extends pulumi.ProviderResource {}
    class Custom extends pulumi.CustomResource {}
    class Component extends pulumi.ComponentResource {
        finish(outputs: WireObject): void {
            this.registerOutputs(outputs);
        }
    }
    const started = performance.now();
    await runInPulumiStack(async () => {
        const byUrn = new Map<string, import("@pulumi/pulumi").Resource>();
        for (const r of input.registrations) {
            const parent = r.parent === undefined ? undefined : byUrn.get(r.parent);
            const provider = r.provider === undefined ? undefined : byUrn.get(r.provider);
            const dependsOn = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is import("@pulumi/pulumi").Resource => d !== undefined);
            const opts = { parent, dependsOn, ...(provider instanceof pulumi.ProviderResource ? { provider } : {}) };
            let resource: import("@pulumi/pulumi").Resource;
            if (r.type.startsWith("pulumi:providers:")) resource = new Provider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, opts);
            else if (r.custom) resource = new Custom(r.type, r.name, r.inputs, opts);
            else {
                const component = new Component(r.type, r.name, {}, opts);
                component.finish(r.outputs ?? {});
                resource = component;
            }
            byUrn.set(r.urn, resource);
        }
        return undefined;
    });
    await settings.waitForRPCs();
    return { registrations: input.registrations.length, sdkLoadMs, replayMs: performance.now() - started };
}

async function main(file: string): Promise<void> {
    const input = JSON.parse(fs.readFileSync(file, "utf8")) as ReplayInput;
    const pureStarted = performance.now();
    if (pureJs(input) !== input.registrations.length) throw new Error("pure-JS floor built a different number of registrations");
    const pureJsMs = performance.now() - pureStarted;
    const figures: ReplayFigures = { pureJsMs, ...(await replay(input)) };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main(process.argv[2]).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
});
