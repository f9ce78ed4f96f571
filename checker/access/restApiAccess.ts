import { INVOKE_API_ACTION } from "../../invariants/documents/gatewayPermissions";
import { readPolicyDocument } from "../../invariants/policyDocument";
import { isUnknown } from "../../invariants/unknown";
import { apiMethods, apiOfTarget, apiPolicies, targetsOf } from "../../policypack/model/relations";
import { ModelResource, str } from "../../policypack/model/resource";
import { AccessContext } from "./context";
import { describe, refOf } from "./refs";
import { UNKNOWN_TEXT, coversAction, principalsOf, resourcesOf } from "./statements";
import { DocumentSource, RestApiAccess } from "./types";

function text(value: unknown): string {
    if (isUnknown(value)) return UNKNOWN_TEXT;
    return typeof value === "string" ? value : "(not set)";
}

/** Who a REST API's resource policy lets invoke it, and how each method authorizes. */
export function restApiAccess(ctx: AccessContext, api: ModelResource): RestApiAccess {
    const model = ctx.model;
    const id = str(api.props.restApiId ?? api.props.id);
    const out: RestApiAccess = {
        api: refOf(api),
        exposedBy: model.of("gateway").filter((g) => targetsOf(model, g).some((t) => apiOfTarget(model, t).includes(api))).map(refOf),
        source: "none",
        allows: [],
        denies: [],
        methods: apiMethods(model, api).map((m) => ({ method: m.method, path: m.path, authorization: text(m.authorization) })),
        notes: [],
    };
    if (typeof id === "string") out.id = id;
    const sources: DocumentSource[] = [];
    for (const { holder, document } of apiPolicies(model, api)) {
        const parsed = readPolicyDocument(document);
        if (!parsed.ok) {
            sources.push(parsed.unknown ? "unknown" : "deployed");
            out.notes.push(`${describe(holder)}: the resource policy is ${parsed.unknown ? UNKNOWN_TEXT : `unreadable (${parsed.error})`}.`);
            continue;
        }
        sources.push("deployed");
        for (const s of parsed.statements) {
            if (!coversAction(s, INVOKE_API_ACTION)) continue;
            const resources = resourcesOf(s);
            const entries = principalsOf(s).map((principal) => ({ principal, resources }));
            if (s.effect === "Allow") out.allows.push(...entries);
            else if (s.effect === "Deny") out.denies.push(...entries);
            else out.notes.push(`A statement's effect is ${UNKNOWN_TEXT}.`);
        }
    }
    out.source = sources.includes("unknown") ? "unknown" : sources.length > 0 ? "deployed" : "none";
    if (out.source === "none") out.notes.push("No resource policy: principals of the API's own account with an identity-policy Allow can invoke it; no other account can.");
    else if (out.denies.length === 0 && out.source === "deployed") out.notes.push("No Deny statement: principals of the API's own account with an identity-policy Allow can invoke it too (an Allow-only resource policy does not keep them out).");
    if (out.methods.some((m) => m.authorization === "NONE")) out.notes.push("Methods with authorization NONE do not authenticate callers: only the resource policy stands between them and the internet.");
    return out;
}
