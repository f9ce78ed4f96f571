import { JWT_NARROWING } from "../../invariants/documents/jwtGatewayPolicy";
import { MaybeUnknown, isUnknown } from "../../invariants/unknown";
import { ModelResource } from "../../policypack/model/resource";
import { gatewayConfig } from "../../policypack/model/views";
import { UNKNOWN_TEXT } from "./statements";
import { GatewayInvoker, JwtInbound } from "./types";

function text(v: MaybeUnknown<string> | undefined): string | undefined {
    return v === undefined ? undefined : isUnknown(v) ? UNKNOWN_TEXT : v;
}

/** A CUSTOM_JWT gateway's token rules (I1), undefined for any other gateway. */
export function jwtInbound(gateway: ModelResource): JwtInbound | undefined {
    const view = gatewayConfig(gateway);
    if (view.authorizerType !== "CUSTOM_JWT") return undefined;
    const discoveryUrl = text(view.jwt?.discoveryUrl);
    return {
        ...(discoveryUrl !== undefined ? { discoveryUrl } : {}),
        audiences: (view.jwt?.audiences ?? []).map((a) => text(a) ?? ""),
        clients: (view.jwt?.clients ?? []).map((c) => text(c) ?? ""),
    };
}

const NETWORK_KEYS = JWT_NARROWING.map((n) => n.key.toLowerCase());

/**
 * What holds for a JWT gateway's callers, instead of IAM's rules: who calls is the token
 * (issuer, audiences, clients); from where is the resource policy's network conditions.
 */
export function jwtNotes(jwt: JwtInbound, principals: readonly GatewayInvoker[], hasPolicy: boolean): string[] {
    const who = [`issuer ${jwt.discoveryUrl ?? "(none set)"}`, jwt.audiences.length ? `audiences ${jwt.audiences.join(", ")}` : undefined, jwt.clients.length ? `clients ${jwt.clients.join(", ")}` : undefined].filter((x) => x !== undefined);
    const notes = [`Inbound CUSTOM_JWT: a caller needs a bearer token from ${who.join("; ")}; IAM identity policies and the same-account rule play no part, and Cedar sees callers as AgentCore::OAuthUser (the token's sub).`];
    if (!hasPolicy) {
        notes.push("No resource-based policy: any holder of a valid token may call from any network.");
        return notes;
    }
    const networks = principals.filter((p) => p.kind === "anyone").map((p) => p.conditions.filter((c) => NETWORK_KEYS.some((k) => c.toLowerCase().includes(` ${k}=`))));
    if (networks.some((n) => n.length === 0)) notes.push('A statement admits "*" with no network condition: any holder of a valid token, from anywhere.');
    const named = principals.filter((p) => p.kind !== "anyone");
    if (named.length > 0) notes.push(`IAM principals named here (${named.map((p) => p.principal).join(", ")}) never match a token-bearing caller.`);
    const all = [...new Set(networks.flat())];
    if (all.length > 0) notes.push(`Token holders are admitted only from: ${all.join("; ")}.`);
    return notes;
}
