import { Problem } from "../invariants/problems";
import { DEFAULT_CONFIG, PackConfig } from "./config";
import { StackModel } from "./model/stack";
import { RESOURCE_POLICIES, STACK_POLICIES } from "./policies";

export interface Violation {
    policy: string;
    urn: string;
    problem: Problem;
}

export interface Deferral {
    policy: string;
    urn: string;
    item: string;
}

/**
 * Every policy of the pack over one stack, in-process: the same functions the pack registers,
 * without the gRPC server (for tests and for callers that already hold a stack model).
 */
export function evaluateStack(model: StackModel, config: PackConfig = DEFAULT_CONFIG): { violations: Violation[]; deferred: Deferral[] } {
    const violations: Violation[] = [];
    const deferred: Deferral[] = [];
    for (const p of RESOURCE_POLICIES) {
        for (const r of model.resources) {
            if (!p.types.includes(r.type)) continue;
            // Analyze sees the inputs (after Check), AnalyzeStack the outputs: as the engine does.
            const f = p.check(r.inputs !== undefined ? { ...r, props: r.inputs } : r, config);
            violations.push(...f.problems.map((x) => ({ policy: p.name, urn: x.urn, problem: x.problem })));
            deferred.push(...f.deferred.map((x) => ({ policy: p.name, urn: x.urn, item: x.item })));
        }
    }
    for (const p of STACK_POLICIES) {
        const f = p.check(model, config);
        violations.push(...f.problems.map((x) => ({ policy: p.name, urn: x.urn, problem: x.problem })));
        deferred.push(...f.deferred.map((x) => ({ policy: p.name, urn: x.urn, item: x.item })));
    }
    return { violations, deferred };
}
