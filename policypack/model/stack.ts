import { isUnknown } from "../../invariants/unknown";
import { ModelResource, at, str } from "./resource";
import { Kind, kindOf } from "./types";

/** Output properties that identify a resource of each kind when another resource refers to it. */
const IDENTITY: Partial<Record<Kind, readonly string[]>> = {
    gateway: ["gatewayArn", "gatewayIdentifier", "gatewayId"],
    policyEngine: ["policyEngineArn", "policyEngineId"],
    role: ["arn", "roleName", "name"],
    managedPolicy: ["policyArn", "arn"],
    restApi: ["restApiId", "id"],
    apiResource: ["resourceId", "id"],
    deployment: ["deploymentId", "id"],
    lambdaFunction: ["arn"],
    logDeliverySource: ["name"],
    logDeliveryDestination: ["arn"],
    kmsKey: ["arn", "keyId"],
};

/**
 * The resources of one stack and the relations the checks need (which role is a gateway's, which
 * API is whose target, which engine guards which gateway), found by following
 * `propertyDependencies` first and known identifying values second, never by logical names.
 */
export class StackModel {
    readonly resources: readonly ModelResource[];
    private readonly byUrn = new Map<string, ModelResource>();
    private readonly byKind = new Map<Kind, ModelResource[]>();

    constructor(resources: readonly ModelResource[]) {
        this.resources = resources;
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const kind = kindOf(r.type);
            if (!kind) continue;
            const bucket = this.byKind.get(kind) ?? [];
            bucket.push(r);
            this.byKind.set(kind, bucket);
        }
    }

    of(kind: Kind): ModelResource[] {
        return this.byKind.get(kind) ?? [];
    }

    get(urn: string): ModelResource | undefined {
        return this.byUrn.get(urn);
    }

    is(r: ModelResource, kind: Kind): boolean {
        return kindOf(r.type) === kind;
    }

    /**
     * The resources of `kind` that property `prop` of `r` refers to: those its value came from
     * (propertyDependencies), else those whose identifying output equals the known value at
     * `path` (a literal ARN or id written into the program).
     */
    referenced(r: ModelResource, prop: string, kind: Kind, path: string[] = [prop]): ModelResource[] {
        const fromDeps = (r.propertyDependencies[prop] ?? []).map((u) => this.byUrn.get(u)).filter((x): x is ModelResource => x !== undefined && this.is(x, kind));
        if (fromDeps.length > 0) return fromDeps;
        const value = str(at(r.props, ...path));
        if (value === undefined || isUnknown(value)) return [];
        return this.of(kind).filter((x) => (IDENTITY[kind] ?? []).some((key) => str(x.props[key]) === value));
    }

    /** Types of the resources `r`'s property `prop` derives from (for deciding unknown leaves). */
    provenance(r: ModelResource, prop: string): string[] {
        return (r.propertyDependencies[prop] ?? []).map((u) => this.byUrn.get(u)?.type).filter((t): t is string => t !== undefined);
    }
}
