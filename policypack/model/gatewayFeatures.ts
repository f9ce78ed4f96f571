import { CredentialProvider, DeclaredFeatures } from "../../invariants/documents/gatewayFeatures";
import { usesGuardrails } from "../../invariants/cedar/features";
import { ReadValue } from "../../invariants/policyDocument";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { propertyValue } from "./propertyValue";
import { engineOf, policiesOf, targetsOf } from "./relations";
import { ModelResource, at, list, objects, str } from "./resource";
import { StackModel } from "./stack";
import { isBridged } from "./types";
import { cedarPolicyView } from "./views";

/**
 * What a gateway declares beyond its targets, read from the resources of the stack for the I3
 * feature check: the Gateway's `kmsKeyArn` and `interceptorConfigurations`, its targets'
 * credential providers (aws-native `credentialProviderConfigurations[]`, bridged
 * `credentialProviderConfiguration`), and whether its engine's Cedar policies use guardrails.
 * Whatever is not known yet is UNKNOWN, so the check defers by name.
 */

/** A bridged nested block may arrive as an object or a one-element list. */
function one(value: ReadValue | undefined): ReadValue | undefined {
    if (Array.isArray(value)) return value.length === 0 ? undefined : value[0];
    return value;
}

function interceptorArns(gw: ModelResource): MaybeUnknown<MaybeUnknown<string>[]> {
    const configs = objects(propertyValue(gw, "interceptorConfigurations"));
    if (isUnknown(configs)) return UNKNOWN;
    return configs.map((c) => (isUnknown(c) ? UNKNOWN : str(at(one(at(one(c.interceptor), "lambda")), "arn")) ?? UNKNOWN)) as MaybeUnknown<string>[];
}

function providersOf(t: ModelResource): MaybeUnknown<MaybeUnknown<CredentialProvider>[]> {
    const bridged = isBridged(t.type);
    const raw = propertyValue(t, bridged ? "credentialProviderConfiguration" : "credentialProviderConfigurations");
    const items = list(raw);
    if (isUnknown(items)) return UNKNOWN;
    const out: MaybeUnknown<CredentialProvider>[] = [];
    for (const item of items) {
        if (isUnknown(item)) {
            out.push(UNKNOWN);
            continue;
        }
        const oauth = bridged ? one(at(item, "oauth")) : at(item, "credentialProvider", "oauthCredentialProvider");
        const apiKey = bridged ? one(at(item, "apiKey")) : at(item, "credentialProvider", "apiKeyCredentialProvider");
        if (isUnknown(oauth) || isUnknown(apiKey)) out.push(UNKNOWN);
        for (const [kind, block] of [["oauth", oauth], ["apiKey", apiKey]] as const) {
            if (block === undefined || block === null || isUnknown(block)) continue;
            const arn = str(at(block, "providerArn"));
            out.push(typeof arn === "string" ? { kind, providerArn: arn } : UNKNOWN);
        }
    }
    return out;
}

function guardrailsOf(model: StackModel, gw: ModelResource): MaybeUnknown<boolean> {
    let unknown = false;
    for (const engine of engineOf(model, gw)) {
        for (const p of policiesOf(model, engine)) {
            const statement = cedarPolicyView(p).statement;
            if (isUnknown(statement)) unknown = true;
            else if (typeof statement === "string" && usesGuardrails(statement)) return true;
        }
    }
    return unknown ? UNKNOWN : false;
}

export function declaredFeatures(model: StackModel, gw: ModelResource): DeclaredFeatures {
    const key = str(propertyValue(gw, "kmsKeyArn"));
    const name = str(gw.props.name);
    const providers: MaybeUnknown<CredentialProvider>[] = [];
    let providersUnknown = false;
    for (const t of targetsOf(model, gw)) {
        const found = providersOf(t);
        if (isUnknown(found)) providersUnknown = true;
        else providers.push(...found);
    }
    return {
        gatewayName: typeof name === "string" ? name : undefined,
        kmsKeyArn: key === "" ? undefined : key,
        guardrails: guardrailsOf(model, gw),
        credentialProviders: providersUnknown ? UNKNOWN : providers,
        interceptorLambdaArns: interceptorArns(gw),
    };
}
