import { ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { takeSharedCedarAnswers } from "../../invariants/cedar/sharedAnswers";
import { InvariantId, Problem } from "../../invariants/problems";
import { CONFIG_SCHEMA, PackConfig, readConfig } from "../config";
import { clearDeferred, recordDeferred } from "../deferred";
import { analyzedInputs } from "../model/analyzed";
import { readProps } from "../model/read";
import { ModelResource } from "../model/resource";
import { shareDeserialization, sharedStackModel } from "../model/requestShare";
import { StackModel } from "../model/stack";
import { COMPONENT_TYPES, declaresResourcePolicy, kindOf } from "../model/types";

/** What an area's check found: problems and deferred items, each attached to a resource. */
export interface Findings {
    problems: { urn: string; problem: Problem }[];
    deferred: { urn: string; item: string }[];
}

export function findings(): Findings {
    return { problems: [], deferred: [] };
}

/** Adds a CheckResult about `r` to the findings, prefixing messages with what `r` is. */
export function add(out: Findings, r: ModelResource, result: { problems: Problem[]; deferred: string[] }, what?: string): void {
    const label = what ?? describe(r);
    for (const p of result.problems) out.problems.push({ urn: r.urn, problem: { ...p, message: `${label}: ${p.message}` } });
    for (const d of result.deferred) out.deferred.push({ urn: r.urn, item: `${label}: ${d}` });
}

export function describe(r: ModelResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}

export function violationText(p: Problem): string {
    return `[${p.invariant}] ${p.message} Fix: ${p.fix}`;
}

/** A policy as tests call it directly: the same function the pack registers. */
export interface AreaPolicy {
    name: string;
    description: string;
    invariants: InvariantId[];
    /** Whole-stack check over the modeled resources. */
    check(model: StackModel, config: PackConfig): Findings;
}

/** Only what the checks read is converted: Lambda code and other large values stay untouched. */
function modeled(type: string): boolean {
    return kindOf(type) !== undefined || type === COMPONENT_TYPES.hub || declaresResourcePolicy(type);
}

interface PolicyResourceLike {
    type: string;
    urn: string;
    name: string;
    props: unknown;
    propertyDependencies: Record<string, { urn: string }[]>;
    dependencies: { urn: string }[];
    parent?: { urn: string };
    provider?: { urn: string; props: unknown };
}

/** The engine sends each resource's provider with its inputs, in Analyze and AnalyzeStack (model/placement.ts). */
function providerOf(provider: { urn: string; props: unknown } | undefined): Pick<ModelResource, "providerProps" | "providerUrn"> {
    return provider ? { providerProps: readProps(provider.props), providerUrn: provider.urn } : {};
}

export function toModelResource(r: PolicyResourceLike): ModelResource {
    const deps: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(r.propertyDependencies ?? {})) deps[k] = v.map((x) => x.urn);
    const inputs = analyzedInputs(r.urn);
    return { urn: r.urn, type: r.type, name: r.name, props: readProps(r.props), propertyDependencies: deps, dependencies: (r.dependencies ?? []).map((d) => d.urn), parent: r.parent?.urn, ...(inputs ? { inputs } : {}), ...providerOf(r.provider) };
}

export function modelOf(resources: readonly PolicyResourceLike[]): StackModel {
    return new StackModel(resources.filter((r) => modeled(r.type)).map(toModelResource));
}

// Every stack policy of one AnalyzeStack request reads one deserialization and one model (model/requestShare.ts).
shareDeserialization();

function report(name: string, f: Findings, reportViolation: ReportViolation): void {
    clearDeferred(name);
    for (const { urn, problem } of f.problems) reportViolation(violationText(problem), urn);
    const byUrn = new Map<string, string[]>();
    for (const { urn, item } of f.deferred) byUrn.set(urn, [...(byUrn.get(urn) ?? []), item]);
    for (const [urn, items] of byUrn) recordDeferred(name, urn, items);
}

/** Registers an area policy as a CrossGuard stack policy. */
export function asStackPolicy(p: AreaPolicy): StackValidationPolicy {
    return {
        name: p.name,
        description: `${p.description} (${p.invariants.join(", ")})`,
        enforcementLevel: "mandatory",
        configSchema: CONFIG_SCHEMA,
        validateStack: (args, reportViolation) => {
            // Cedar's answers the offline checker's program already got, when it ran this pack (none under `pulumi`).
            takeSharedCedarAnswers();
            const config = readConfig(args.getConfig<Partial<PackConfig>>());
            report(p.name, p.check(sharedStackModel(args.resources, () => modelOf(args.resources)), config), reportViolation);
        },
    };
}

/** A per-resource check: what one resource shows on its own. */
export interface ResourcePolicyDef {
    name: string;
    description: string;
    invariants: InvariantId[];
    /** Resource types it applies to. */
    types: readonly string[];
    check(r: ModelResource, config: PackConfig): Findings;
}

export function asResourcePolicy(p: ResourcePolicyDef): ResourceValidationPolicy {
    return {
        name: p.name,
        description: `${p.description} (${p.invariants.join(", ")})`,
        enforcementLevel: "mandatory",
        configSchema: CONFIG_SCHEMA,
        validateResource: (args, reportViolation) => {
            if (!p.types.includes(args.type)) return;
            const config = readConfig(args.getConfig<Partial<PackConfig>>());
            // Analyze carries the inputs after the provider's Check and no dependencies (BRIEF §4).
            const props = readProps(args.props);
            const r: ModelResource = { urn: args.urn, type: args.type, name: args.name, props, propertyDependencies: {}, dependencies: [], inputs: props, ...providerOf(args.provider) };
            const f = p.check(r, config);
            recordDeferred(p.name, args.urn, f.deferred.map((d) => d.item));
            for (const { problem } of f.problems) reportViolation(violationText(problem));
        },
    };
}
