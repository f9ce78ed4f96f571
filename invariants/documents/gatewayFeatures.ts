import { AccountScope, parseArn } from "../arns";
import { ReadStatement, Statement, conditionValues, statementLabel } from "../policyDocument";
import { CheckResult, problem } from "../problems";
import { MaybeUnknown, isUnknown } from "../unknown";

/**
 * What a gateway declares beyond its targets, and exactly the statements its service role needs
 * for it (I3). Each action and resource is what AWS documents (docs/aws-facts.md §3, "Features
 * of the gateway"); the check admits a feature statement only when the gateway declares the
 * feature, on the exact resources the builder writes. One function for component and pack.
 */

/** AWS's gateway-encryption page: the gateway service role needs these on a customer-managed key. */
export const KMS_ACTIONS = ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"] as const;
/** Policy-in-AgentCore guardrails: the Policy data plane calls Guardrails with the role's forward access session. */
export const GUARDRAIL_ACTION = "bedrock:InvokeGuardrailChecks";
export const WORKLOAD_TOKEN_ACTION = "bedrock-agentcore:GetWorkloadAccessToken";
export const OAUTH_TOKEN_ACTION = "bedrock-agentcore:GetResourceOauth2Token";
export const API_KEY_ACTION = "bedrock-agentcore:GetResourceApiKey";
export const SECRET_ACTION = "secretsmanager:GetSecretValue";

/** Resource types whose `arn` is one KMS key ARN (@pulumi/aws and @pulumi/aws-native). */
export const KMS_KEY_TYPES: readonly string[] = ["aws:kms/key:Key", "aws-native:kms:Key"];

export const FEATURE_ACTIONS: readonly string[] = [...KMS_ACTIONS, GUARDRAIL_ACTION, WORKLOAD_TOKEN_ACTION, OAUTH_TOKEN_ACTION, API_KEY_ACTION, SECRET_ACTION];

export type CredentialKind = "oauth" | "apiKey";

export interface CredentialProvider<S = string> {
    kind: CredentialKind;
    /** `arn:…:token-vault/default/oauth2credentialprovider/<name>` or `…/apikeycredentialprovider/<name>`. */
    providerArn: S;
}

/** A gateway's features as a builder knows them (all known, or `pulumi.Input` leaves). */
export interface GatewayFeatureSpec<S = string> {
    gatewayName: string;
    kmsKeyArn?: S;
    guardrails?: boolean;
    credentialProviders?: CredentialProvider<S>[];
    interceptorLambdaArns?: S[];
}

export function isFeatureAction(action: string): boolean {
    return FEATURE_ACTIONS.some((a) => a.toLowerCase() === action.toLowerCase());
}

/** The service endpoint AWS names in `kms:ViaService` for AgentCore in a Region. */
export function agentCoreViaService(region: string): string {
    return `bedrock-agentcore.${region}.amazonaws.com`;
}

const SECRET_SEGMENT: Record<CredentialKind, string> = { oauth: "oauth2", apiKey: "apikey" };

/** Name and kind of a credential provider ARN; undefined when it is not one. */
export function parseCredentialProviderArn(arn: string): { kind: CredentialKind; name: string; region: string; accountId: string; partition: string } | undefined {
    const p = parseArn(arn);
    const m = p && p.service === "bedrock-agentcore" ? /^token-vault\/default\/(oauth2credentialprovider|apikeycredentialprovider)\/([A-Za-z0-9_-]+)$/.exec(p.resource) : null;
    if (!p || !m) return undefined;
    return { kind: m[1] === "oauth2credentialprovider" ? "oauth" : "apiKey", name: m[2], region: p.region, accountId: p.accountId, partition: p.partition };
}

/** The gateway's workload identity: AWS documents `workload-identity/<gatewayId>*`; the id is `<name>-<10 chars>`. */
function identityArns(scope: AccountScope, gatewayName: string): string[] {
    const base = `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:workload-identity-directory/default`;
    return [base, `${base}/workload-identity/${gatewayName}-??????????*`];
}

function tokenVaultArn(scope: AccountScope): string {
    return `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:token-vault/default`;
}

/** The token-vault secret AgentCore Identity keeps for a provider (assumed naming, see README). */
export function credentialSecretArn(scope: AccountScope, kind: CredentialKind, providerName: string): string {
    return `arn:${scope.partition}:secretsmanager:${scope.region}:${scope.accountId}:secret:bedrock-agentcore-identity!default/${SECRET_SEGMENT[kind]}/${providerName}-*`;
}

function sidPart(value: string): string {
    return value.replace(/[^A-Za-z0-9]/g, "").slice(0, 60);
}

/**
 * Exactly the statements a gateway's declared features need. Credential statements need known
 * provider ARNs (the provider's name names its secret), so this builder takes plain strings for
 * them; KMS key and interceptor ARNs may be `pulumi.Input` leaves.
 */
export function buildFeatureStatements<S>(spec: GatewayFeatureSpec<S>, scope: AccountScope | undefined, viaService: S): Statement<S>[] {
    const out: Statement<S>[] = [];
    if (spec.kmsKeyArn !== undefined) {
        out.push({ Sid: "UseGatewayKmsKey", Effect: "Allow", Action: [...KMS_ACTIONS], Resource: spec.kmsKeyArn, Condition: { StringEquals: { "kms:ViaService": viaService } } });
    }
    if (spec.guardrails) {
        // The only `*`: AWS's guardrails page grants InvokeGuardrailChecks on "*" (the action names no resource).
        out.push({ Sid: "InvokeGuardrailChecks", Effect: "Allow", Action: GUARDRAIL_ACTION, Resource: "*" as unknown as S });
    }
    (spec.interceptorLambdaArns ?? []).forEach((arn, n) => {
        out.push({ Sid: `InvokeInterceptor${n + 1}`, Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arn });
    });
    const providers = spec.credentialProviders ?? [];
    if (providers.length > 0) {
        if (!scope) throw new Error("credential provider statements need the hub's account and Region");
        const identity = identityArns(scope, spec.gatewayName) as unknown as S[];
        out.push({ Sid: "GetWorkloadAccessToken", Effect: "Allow", Action: WORKLOAD_TOKEN_ACTION, Resource: identity });
        for (const p of providers) {
            const parsed = typeof p.providerArn === "string" ? parseCredentialProviderArn(p.providerArn) : undefined;
            const name = parsed?.name ?? "provider";
            out.push({
                Sid: `${p.kind === "oauth" ? "OAuthToken" : "ApiKey"}${sidPart(name)}`,
                Effect: "Allow",
                Action: p.kind === "oauth" ? OAUTH_TOKEN_ACTION : API_KEY_ACTION,
                Resource: [tokenVaultArn(scope) as unknown as S, p.providerArn, ...identity],
            });
            out.push({ Sid: `${p.kind === "oauth" ? "OAuthSecret" : "ApiKeySecret"}${sidPart(name)}`, Effect: "Allow", Action: SECRET_ACTION, Resource: credentialSecretArn(scope, p.kind, name) as unknown as S });
        }
    }
    return out;
}

/**
 * A gateway's features as a check reads them: `undefined` = not declared, UNKNOWN = not known
 * yet (a named deferral, never "not declared").
 */
export interface DeclaredFeatures {
    gatewayName?: string;
    kmsKeyArn: MaybeUnknown<string> | undefined;
    guardrails: MaybeUnknown<boolean>;
    credentialProviders: MaybeUnknown<MaybeUnknown<CredentialProvider>[]>;
    interceptorLambdaArns: MaybeUnknown<MaybeUnknown<string>[]>;
}

export const NO_FEATURES: DeclaredFeatures = { kmsKeyArn: undefined, guardrails: false, credentialProviders: [], interceptorLambdaArns: [] };

const FIX = "Grant a gateway feature's permissions only when the gateway declares the feature, on exactly its resources: the KMS actions on the gateway's kmsKeyArn with kms:ViaService bedrock-agentcore.<region>.amazonaws.com, bedrock:InvokeGuardrailChecks when a Cedar policy uses guardrails, the token-vault actions and secrets of the targets' declared credential providers (AgentGatewayHub does this).";

type Family = "kms" | "guardrails" | "workload" | "oauth" | "apiKey" | "secret";

function familyOf(action: string): Family {
    const a = action.toLowerCase();
    if (a.startsWith("kms:")) return "kms";
    if (a === GUARDRAIL_ACTION.toLowerCase()) return "guardrails";
    if (a === WORKLOAD_TOKEN_ACTION.toLowerCase()) return "workload";
    if (a === OAUTH_TOKEN_ACTION.toLowerCase()) return "oauth";
    if (a === API_KEY_ACTION.toLowerCase()) return "apiKey";
    return "secret";
}

function isIdentityArn(resource: string): boolean {
    const p = parseArn(resource);
    if (!p || p.service !== "bedrock-agentcore") return false;
    return p.resource === "workload-identity-directory/default" || /^workload-identity-directory\/default\/workload-identity\/[A-Za-z0-9][A-Za-z0-9_-]*-(\?{10}|[a-z0-9]{10})\*?$/.test(p.resource);
}

/** What is wrong with the shape of one (feature action, resource) pair, decided without the gateway. */
function shapeProblem(family: Family, resource: string): string | undefined {
    const p = parseArn(resource);
    switch (family) {
        case "kms":
            return p && p.service === "kms" && /^key\/[A-Za-z0-9-]+$/.test(p.resource) ? undefined : "is not one KMS key ARN";
        case "guardrails":
            return undefined;
        case "workload":
            return isIdentityArn(resource) ? undefined : "is not the workload identity directory or a gateway's workload identity";
        case "oauth":
        case "apiKey": {
            if (isIdentityArn(resource)) return undefined;
            if (p && p.service === "bedrock-agentcore" && p.resource === "token-vault/default") return undefined;
            const provider = parseCredentialProviderArn(resource);
            return provider && provider.kind === family ? undefined : `is not the token vault, the workload identity or one ${family === "oauth" ? "OAuth2" : "API key"} credential provider`;
        }
        case "secret":
            return p && p.service === "secretsmanager" && /^secret:bedrock-agentcore-identity!default\/(oauth2|apikey)\/[A-Za-z0-9_-]+-\*$/.test(p.resource) ? undefined : "is not one credential provider's token-vault secret (bedrock-agentcore-identity!default/<oauth2|apikey>/<provider>-*)";
    }
}

/** Whether the gateway declares what this pair needs: a problem message, "defer" with a reason, or undefined when admitted. */
function declarationProblem(family: Family, resource: string, f: DeclaredFeatures): { problem?: string; defer?: string } {
    switch (family) {
        case "kms":
            if (f.kmsKeyArn === undefined) return { problem: "the gateway declares no customer-managed KMS key (kmsKeyArn)" };
            if (isUnknown(f.kmsKeyArn)) return { defer: "the gateway's kmsKeyArn is unknown" };
            return f.kmsKeyArn === resource ? {} : { problem: `is not the gateway's key "${f.kmsKeyArn}"` };
        case "guardrails":
            if (isUnknown(f.guardrails)) return { defer: "whether the engine's Cedar policies use guardrails is unknown" };
            return f.guardrails ? {} : { problem: "no Cedar policy of the gateway's engine uses guardrails" };
        default: {
            if (isUnknown(f.credentialProviders)) return { defer: "the targets' credential providers are unknown" };
            const known = f.credentialProviders.filter((c): c is CredentialProvider => !isUnknown(c) && !isUnknown(c.providerArn));
            const undecided = known.length < f.credentialProviders.length;
            const wanted: CredentialKind[] = family === "oauth" ? ["oauth"] : family === "apiKey" ? ["apiKey"] : ["oauth", "apiKey"];
            const ofKind = known.filter((c) => wanted.includes(c.kind));
            const none = `no target of the gateway declares ${family === "oauth" ? "an OAuth" : family === "apiKey" ? "an API key" : "an OAuth or API key"} credential provider`;
            if (family === "secret") {
                const name = /\/(oauth2|apikey)\/([A-Za-z0-9_-]+)-\*$/.exec(resource);
                const match = ofKind.some((c) => name && SECRET_SEGMENT[c.kind] === name[1] && parseCredentialProviderArn(c.providerArn)?.name === name[2]);
                if (match) return {};
                return undecided ? { defer: "a target's credential provider ARN is unknown" } : { problem: ofKind.length === 0 ? none : "is not the secret of a credential provider the gateway's targets declare" };
            }
            if (ofKind.length === 0) return undecided ? { defer: "a target's credential provider ARN is unknown" } : { problem: none };
            const provider = parseCredentialProviderArn(resource);
            if (provider && !ofKind.some((c) => c.providerArn === resource)) {
                return undecided ? { defer: "a target's credential provider ARN is unknown" } : { problem: "is not a credential provider the gateway's targets declare" };
            }
            return {};
        }
    }
}

/**
 * I3 for the feature actions of one Allow statement. Without `features` (a role judged alone,
 * before its gateway is known) only the shape is decided; the stack check, which knows the
 * gateway, then decides whether the gateway declares each feature.
 */
export function checkFeatureStatement(s: ReadStatement, featureActions: string[], features: DeclaredFeatures | undefined, result: CheckResult, unknownProvenance: readonly string[] = []): void {
    const label = statementLabel(s);
    const families = [...new Set(featureActions.map(familyOf))];
    if (families.includes("kms")) {
        const via = conditionValues(s, ["StringEquals", "StringEqualsIgnoreCase"], "kms:ViaService");
        const viaProblem = via === undefined ? "has no kms:ViaService condition, so the role could use the key directly, not only through AgentCore"
            : via.some(isUnknown) ? undefined
            : via.some((v) => !/^bedrock-agentcore\.[a-z0-9-]+\.amazonaws\.com$/.test(v as string)) ? `limits kms:ViaService to ${JSON.stringify(via)}, not only bedrock-agentcore.<region>.amazonaws.com`
            : undefined;
        if (via !== undefined && via.some(isUnknown)) result.deferred.push(`${label}: its kms:ViaService condition is unknown`);
        if (viaProblem) result.problems.push(problem("I3", `${label} allows KMS actions but ${viaProblem}.`, FIX));
    }
    for (const resource of s.resources ?? []) {
        if (isUnknown(resource)) {
            // The hub's own key: an unknown ARN that derives from a KMS key of the program is one key
            // ARN (a Key's `arn` output), decided at a first preview when the gateway declares a key.
            const fromKey = families.length === 1 && families[0] === "kms" && unknownProvenance.some((t) => KMS_KEY_TYPES.includes(t));
            if (fromKey && (!features || features.kmsKeyArn !== undefined)) continue;
            result.deferred.push(`${label}: a Resource of its ${families.join("/")} permissions is unknown`);
            continue;
        }
        for (const family of families) {
            if (resource === "*" || resource.endsWith(":*")) {
                if (family !== "guardrails") {
                    result.problems.push(problem("I3", `${label} allows ${family} actions on "${resource}", i.e. everything.`, FIX));
                    continue;
                }
            } else {
                const wrong = shapeProblem(family, resource);
                if (wrong) {
                    result.problems.push(problem("I3", `${label}: Resource "${resource}" ${wrong}.`, FIX));
                    continue;
                }
                if (family === "kms" && !isUnknown(s.conditions)) {
                    const region = parseArn(resource)?.region;
                    const via = conditionValues(s, ["StringEquals", "StringEqualsIgnoreCase"], "kms:ViaService") ?? [];
                    if (region && via.length > 0 && !via.some(isUnknown) && !via.includes(agentCoreViaService(region))) {
                        result.problems.push(problem("I3", `${label}: the key "${resource}" is in ${region}, but kms:ViaService does not name ${agentCoreViaService(region)}.`, FIX));
                    }
                }
            }
            if (!features) continue;
            const d = declarationProblem(family, resource, features);
            if (d.problem) result.problems.push(problem("I3", `${label}: "${resource}" for ${family} actions: ${d.problem}.`, FIX));
            if (d.defer) result.deferred.push(`${label}: whether the gateway needs its ${family} permissions on "${resource}" cannot be told: ${d.defer}`);
        }
    }
}
