import type { DeploymentOutcome } from "../engine/deployment";
import { isProviderType } from "../engine/providers";
import type { CapturedResource, CapturedStack } from "../engine/types";
import { EngineOutcome, ResourceRef } from "./types";

function refOf(urn: string, byUrn: ReadonlyMap<string, CapturedResource>): ResourceRef {
    const r = byUrn.get(urn);
    return { urn, name: r?.name ?? urn.split("::").slice(3).join("::"), type: r?.type ?? "" };
}

/** A registration that creates something in an account (not the stack, a component or a provider). */
function isCloudResource(r: CapturedResource | undefined): boolean {
    return r !== undefined && r.custom && !isProviderType(r.type);
}

/** The engine's verdict for the report, naming resources as the report does. */
export function engineOutcome(outcome: DeploymentOutcome, stack: CapturedStack): EngineOutcome {
    const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
    const ref = (urn: string) => refOf(urn, byUrn);
    return {
        operation: outcome.mode === "preview" ? "pulumi preview" : "pulumi up",
        result: outcome.result,
        ...(outcome.engineMessage !== undefined ? { engineMessage: outcome.engineMessage } : {}),
        ...(outcome.stoppedAt !== undefined ? { stoppedAt: ref(outcome.stoppedAt) } : {}),
        appliedBefore: outcome.appliedBefore.filter((urn) => isCloudResource(byUrn.get(urn))).map(ref),
        notAnalyzed: outcome.notAnalyzed.map(ref),
        stackAnalysis: outcome.stack.ran ? "ran" : `not-run (${outcome.stack.reason})`,
    };
}
