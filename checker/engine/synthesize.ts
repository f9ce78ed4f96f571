import { createHash } from "node:crypto";
import { ProviderScope } from "./providers";
import { serviceArn as arn } from "./serviceArn";
import { WireObject, knownString } from "./wire";
import { PERIMETER_RULES } from "./synthesizePerimeter";
import { OBSERVABILITY_RULES } from "./synthesizeObservability";

/**
 * What an update-mode mock answers for a custom resource: the id and the outputs the cloud would
 * assign. Values are fakes with the real shapes (ARN formats, id alphabets and lengths), built
 * from the resource's provider account and Region so cross-account reasoning stays meaningful.
 */
export interface SynthesisContext {
    type: string;
    name: string;
    urn: string;
    /** Inputs in analyzer form (resource references already downgraded to ids). */
    inputs: WireObject;
    scope: ProviderScope;
    /** Resources registered before this one, to follow ids (e.g. an API resource's parent path). */
    registered: ReadonlyArray<RegisteredResourceView>;
}

export interface RegisteredResourceView {
    type: string;
    id?: string;
    outputs: WireObject;
}

export interface SynthesizedResource {
    id: string;
    /** Computed outputs only; the mock echoes the inputs alongside them. */
    outputs: WireObject;
}

export interface OutputSynthesizer {
    synthesize(ctx: SynthesisContext): SynthesizedResource;
}

export type SynthesisRule = (ctx: SynthesisContext, fake: FakeValues) => SynthesizedResource;

const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const HEX = "0123456789abcdef";
const DIGITS = "0123456789";
const FIXED_TIMESTAMP = "2025-01-01T00:00:00Z";

/** Deterministic "random" strings seeded by the URN, so two runs of a program agree byte for byte. */
export class FakeValues {
    constructor(private readonly seed: string) {}

    chars(tag: string, length: number, alphabet: string): string {
        let out = "";
        for (let block = 0; out.length < length; block++) {
            const digest = createHash("sha256").update(`${this.seed}|${tag}|${block}`).digest();
            for (const byte of digest) {
                if (out.length === length) break;
                out += alphabet[byte % alphabet.length];
            }
        }
        return out;
    }

    lowerAlnum(tag: string, length: number): string {
        return this.chars(tag, length, LOWER_ALNUM);
    }

    upperAlnum(tag: string, length: number): string {
        return this.chars(tag, length, UPPER_ALNUM);
    }

    /** `<name>-<7 hex>`, the shape of Pulumi's auto-names. */
    autoName(name: string): string {
        return `${name}-${this.chars("autoname", 7, HEX)}`;
    }

    uuid(tag: string): string {
        const h = this.chars(tag, 32, HEX);
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }

    digits(tag: string, length: number): string {
        return this.chars(tag, length, DIGITS);
    }
}


function iamPath(inputs: WireObject): string {
    return knownString(inputs, "path") ?? "/";
}

// ---- AWS IAM ---------------------------------------------------------------------------------

const nativeRole: SynthesisRule = (ctx, fake) => {
    const roleName = knownString(ctx.inputs, "roleName") ?? fake.autoName(ctx.name);
    return {
        id: roleName,
        outputs: {
            roleName,
            arn: arn(ctx.scope, "iam", "", ctx.scope.accountId, `role${iamPath(ctx.inputs)}${roleName}`),
            roleId: `AROA${fake.upperAlnum("roleId", 17)}`,
        },
    };
};

const nativeManagedPolicy: SynthesisRule = (ctx, fake) => {
    const name = knownString(ctx.inputs, "managedPolicyName") ?? fake.autoName(ctx.name);
    const policyArn = arn(ctx.scope, "iam", "", ctx.scope.accountId, `policy${iamPath(ctx.inputs)}${name}`);
    return {
        id: policyArn,
        outputs: { managedPolicyName: name, policyArn, policyId: `ANPA${fake.upperAlnum("policyId", 17)}`, defaultVersionId: "v1" },
    };
};

/** Bridged names: explicit, else `namePrefix` + 26 digits (Terraform's shape), else an auto-name. */
function bridgedName(ctx: SynthesisContext, fake: FakeValues): string {
    const prefix = knownString(ctx.inputs, "namePrefix");
    return knownString(ctx.inputs, "name") ?? (prefix !== undefined ? prefix + fake.digits("name", 26) : fake.autoName(ctx.name));
}

const classicRole: SynthesisRule = (ctx, fake) => {
    const name = bridgedName(ctx, fake);
    return {
        id: name,
        outputs: {
            name,
            arn: arn(ctx.scope, "iam", "", ctx.scope.accountId, `role${iamPath(ctx.inputs)}${name}`),
            uniqueId: `AROA${fake.upperAlnum("uniqueId", 17)}`,
            createDate: FIXED_TIMESTAMP,
        },
    };
};

const classicPolicy: SynthesisRule = (ctx, fake) => {
    const name = bridgedName(ctx, fake);
    return {
        id: arn(ctx.scope, "iam", "", ctx.scope.accountId, `policy${iamPath(ctx.inputs)}${name}`),
        outputs: {
            name,
            arn: arn(ctx.scope, "iam", "", ctx.scope.accountId, `policy${iamPath(ctx.inputs)}${name}`),
            policyId: `ANPA${fake.upperAlnum("policyId", 17)}`,
            attachmentCount: 0,
        },
    };
};

const classicRolePolicy: SynthesisRule = (ctx, fake) => {
    const name = bridgedName(ctx, fake);
    return { id: `${knownString(ctx.inputs, "role") ?? ""}:${name}`, outputs: { name } };
};

const classicRolePolicyAttachment: SynthesisRule = (ctx, fake) => ({
    id: `${knownString(ctx.inputs, "role") ?? ctx.name}-${fake.digits("id", 26)}`,
    outputs: {},
});

// ---- AgentCore -------------------------------------------------------------------------------

function agentCoreArn(ctx: SynthesisContext, resource: string): string {
    return arn(ctx.scope, "bedrock-agentcore", ctx.scope.region, ctx.scope.accountId, resource);
}

/** AgentCore appends ten lowercase alphanumerics to a lowercased name to form a gateway id. */
function gatewayId(ctx: SynthesisContext, fake: FakeValues): string {
    const name = knownString(ctx.inputs, "name") ?? ctx.name;
    return `${name.toLowerCase()}-${fake.lowerAlnum("gatewayId", 10)}`;
}

function gatewayOutputs(ctx: SynthesisContext, id: string): WireObject {
    return {
        gatewayArn: agentCoreArn(ctx, `gateway/${id}`),
        gatewayUrl: `https://${id}.gateway.bedrock-agentcore.${ctx.scope.region}.amazonaws.com/mcp`,
    };
}

const nativeGateway: SynthesisRule = (ctx, fake) => {
    const id = gatewayId(ctx, fake);
    return { id, outputs: { gatewayIdentifier: id, ...gatewayOutputs(ctx, id), status: "READY", createdAt: FIXED_TIMESTAMP } };
};

const classicGateway: SynthesisRule = (ctx, fake) => {
    const id = gatewayId(ctx, fake);
    return { id, outputs: { gatewayId: id, ...gatewayOutputs(ctx, id) } };
};

const nativeGatewayTarget: SynthesisRule = (ctx, fake) => {
    const gateway = knownString(ctx.inputs, "gatewayIdentifier") ?? "";
    const targetId = fake.upperAlnum("targetId", 10);
    return {
        id: `${gateway}|${targetId}`,
        outputs: { targetId, gatewayArn: agentCoreArn(ctx, `gateway/${gateway}`), status: "READY", createdAt: FIXED_TIMESTAMP },
    };
};

const classicGatewayTarget: SynthesisRule = (ctx, fake) => {
    const targetId = fake.upperAlnum("targetId", 10);
    return { id: `${knownString(ctx.inputs, "gatewayIdentifier") ?? ""},${targetId}`, outputs: { targetId } };
};

function policyEngine(ctx: SynthesisContext, fake: FakeValues): { id: string; arn: string } {
    const id = `${knownString(ctx.inputs, "name") ?? ctx.name}-${fake.lowerAlnum("policyEngineId", 10)}`;
    return { id, arn: agentCoreArn(ctx, `policy-engine/${id}`) };
}

const nativePolicyEngine: SynthesisRule = (ctx, fake) => {
    const engine = policyEngine(ctx, fake);
    return { id: engine.arn, outputs: { policyEngineId: engine.id, policyEngineArn: engine.arn, status: "ACTIVE" } };
};

const classicPolicyEngine: SynthesisRule = (ctx, fake) => {
    const engine = policyEngine(ctx, fake);
    return { id: engine.id, outputs: { policyEngineId: engine.id, policyEngineArn: engine.arn } };
};

function cedarPolicy(ctx: SynthesisContext, fake: FakeValues): { engineId: string; id: string; arn: string } {
    const engineId = knownString(ctx.inputs, "policyEngineId") ?? "";
    const id = `${knownString(ctx.inputs, "name") ?? ctx.name}-${fake.lowerAlnum("policyId", 10)}`;
    return { engineId, id, arn: agentCoreArn(ctx, `policy-engine/${engineId}/policy/${id}`) };
}

const nativeCedarPolicy: SynthesisRule = (ctx, fake) => {
    const policy = cedarPolicy(ctx, fake);
    return { id: policy.arn, outputs: { policyId: policy.id, policyArn: policy.arn, status: "ACTIVE" } };
};

const classicCedarPolicy: SynthesisRule = (ctx, fake) => {
    const policy = cedarPolicy(ctx, fake);
    return { id: `${policy.engineId},${policy.id}`, outputs: { policyId: policy.id, policyArn: policy.arn } };
};

const resourcePolicy: SynthesisRule = (ctx) => ({ id: knownString(ctx.inputs, "resourceArn") ?? ctx.name, outputs: {} });

const nativeRateLimit: SynthesisRule = (ctx, fake) => {
    const rateLimitId = knownString(ctx.inputs, "rateLimitId") ?? fake.lowerAlnum("rateLimitId", 10);
    return {
        id: `${knownString(ctx.inputs, "gatewayIdentifier") ?? ""}|${rateLimitId}`,
        outputs: { rateLimitId, status: "ACTIVE", createdAt: FIXED_TIMESTAMP },
    };
};

// ---- API Gateway (REST) ----------------------------------------------------------------------

const nativeRestApi: SynthesisRule = (_ctx, fake) => {
    const id = fake.lowerAlnum("restApiId", 10);
    return { id, outputs: { restApiId: id, rootResourceId: fake.lowerAlnum("rootResourceId", 10) } };
};

const classicRestApi: SynthesisRule = (ctx, fake) => {
    const id = fake.lowerAlnum("restApiId", 10);
    return {
        id,
        outputs: {
            arn: arn(ctx.scope, "apigateway", ctx.scope.region, "", `/restapis/${id}`),
            executionArn: arn(ctx.scope, "execute-api", ctx.scope.region, ctx.scope.accountId, id),
            rootResourceId: fake.lowerAlnum("rootResourceId", 10),
            createdDate: FIXED_TIMESTAMP,
        },
    };
};

const classicDeployment: SynthesisRule = (_ctx, fake) => ({
    id: fake.lowerAlnum("deploymentId", 6),
    outputs: { createdDate: FIXED_TIMESTAMP },
});

const classicStage: SynthesisRule = (ctx) => {
    const api = knownString(ctx.inputs, "restApi") ?? "";
    const stage = knownString(ctx.inputs, "stageName") ?? "";
    return {
        id: `ags-${api}-${stage}`,
        outputs: {
            arn: arn(ctx.scope, "apigateway", ctx.scope.region, "", `/restapis/${api}/stages/${stage}`),
            executionArn: arn(ctx.scope, "execute-api", ctx.scope.region, ctx.scope.accountId, `${api}/${stage}`),
            invokeUrl: `https://${api}.execute-api.${ctx.scope.region}.amazonaws.com/${stage}`,
        },
    };
};

/** A resource's path is its parent's path plus its part; the parent is found by id. */
function apiResourcePath(ctx: SynthesisContext): string {
    const parentId = knownString(ctx.inputs, "parentId");
    const parent = ctx.registered.find((r) => r.type === "aws:apigateway/resource:Resource" && r.id === parentId);
    const parentPath = parent ? (knownString(parent.outputs, "path") ?? "") : "";
    return `${parentPath === "/" ? "" : parentPath}/${knownString(ctx.inputs, "pathPart") ?? ""}`;
}

const classicApiResource: SynthesisRule = (ctx, fake) => ({
    id: fake.lowerAlnum("resourceId", 6),
    outputs: { path: apiResourcePath(ctx) },
});

const classicMethod: SynthesisRule = (ctx) => ({
    id: `agm-${knownString(ctx.inputs, "restApi") ?? ""}-${knownString(ctx.inputs, "resourceId") ?? ""}-${knownString(ctx.inputs, "httpMethod") ?? ""}`,
    outputs: {},
});

const classicRestApiPolicy: SynthesisRule = (ctx) => ({ id: knownString(ctx.inputs, "restApiId") ?? ctx.name, outputs: {} });

// ---- Lambda ----------------------------------------------------------------------------------

const classicFunction: SynthesisRule = (ctx, fake) => {
    const name = bridgedName(ctx, fake);
    const functionArn = arn(ctx.scope, "lambda", ctx.scope.region, ctx.scope.accountId, `function:${name}`);
    const invokeArn = (target: string) =>
        arn(ctx.scope, "apigateway", ctx.scope.region, "lambda", `path/2015-03-31/functions/${target}/invocations`);
    return {
        id: name,
        outputs: {
            name,
            arn: functionArn,
            invokeArn: invokeArn(functionArn),
            qualifiedArn: `${functionArn}:$LATEST`,
            qualifiedInvokeArn: invokeArn(`${functionArn}:$LATEST`),
            version: "$LATEST",
            lastModified: FIXED_TIMESTAMP,
        },
    };
};

const classicPermission: SynthesisRule = (ctx, fake) => {
    const statementId =
        knownString(ctx.inputs, "statementId") ?? `${knownString(ctx.inputs, "statementIdPrefix") ?? "terraform-"}${fake.digits("sid", 26)}`;
    return { id: statementId, outputs: { statementId } };
};

// ---- KMS -------------------------------------------------------------------------------------

/** KMS key ids are UUIDs (`key/<uuid>`; multi-Region keys `mrk-…`, not synthesized). */
function kmsKeyOutputs(ctx: SynthesisContext, fake: FakeValues): { keyId: string; arn: string } {
    const keyId = fake.uuid("keyId");
    return { keyId, arn: arn(ctx.scope, "kms", ctx.scope.region, ctx.scope.accountId, `key/${keyId}`) };
}

const classicKmsKey: SynthesisRule = (ctx, fake) => {
    const out = kmsKeyOutputs(ctx, fake);
    return { id: out.keyId, outputs: { ...out, rotationPeriodInDays: 365, multiRegion: false } };
};

const nativeKmsKey: SynthesisRule = (ctx, fake) => {
    const out = kmsKeyOutputs(ctx, fake);
    return { id: out.keyId, outputs: out };
};

const classicKmsAlias: SynthesisRule = (ctx) => {
    const name = knownString(ctx.inputs, "name") ?? `alias/${ctx.name}`;
    const target = knownString(ctx.inputs, "targetKeyId") ?? "";
    return { id: name, outputs: { arn: arn(ctx.scope, "kms", ctx.scope.region, ctx.scope.accountId, name), targetKeyArn: arn(ctx.scope, "kms", ctx.scope.region, ctx.scope.accountId, `key/${target}`) } };
};

const classicKmsKeyPolicy: SynthesisRule = (ctx) => ({ id: knownString(ctx.inputs, "keyId") ?? ctx.name, outputs: {} });

export const DEFAULT_RULES: Readonly<Record<string, SynthesisRule>> = {
    "aws:kms/key:Key": classicKmsKey,
    "aws-native:kms:Key": nativeKmsKey,
    "aws:kms/alias:Alias": classicKmsAlias,
    "aws:kms/keyPolicy:KeyPolicy": classicKmsKeyPolicy,
    "aws-native:iam:Role": nativeRole,
    "aws-native:iam:ManagedPolicy": nativeManagedPolicy,
    "aws-native:bedrockagentcore:Gateway": nativeGateway,
    "aws-native:bedrockagentcore:GatewayTarget": nativeGatewayTarget,
    "aws-native:bedrockagentcore:PolicyEngine": nativePolicyEngine,
    "aws-native:bedrockagentcore:Policy": nativeCedarPolicy,
    "aws-native:bedrockagentcore:ResourcePolicy": resourcePolicy,
    "aws-native:bedrockagentcore:GatewayRateLimit": nativeRateLimit,
    "aws-native:apigateway:RestApi": nativeRestApi,
    "aws:iam/role:Role": classicRole,
    "aws:iam/policy:Policy": classicPolicy,
    "aws:iam/rolePolicy:RolePolicy": classicRolePolicy,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": classicRolePolicyAttachment,
    "aws:bedrock/agentcoreGateway:AgentcoreGateway": classicGateway,
    "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget": classicGatewayTarget,
    "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy": resourcePolicy,
    "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine": classicPolicyEngine,
    "aws:bedrock/agentcorePolicy:AgentcorePolicy": classicCedarPolicy,
    "aws:apigateway/restApi:RestApi": classicRestApi,
    "aws:apigateway/deployment:Deployment": classicDeployment,
    "aws:apigateway/stage:Stage": classicStage,
    "aws:apigateway/resource:Resource": classicApiResource,
    "aws:apigateway/method:Method": classicMethod,
    "aws:apigateway/restApiPolicy:RestApiPolicy": classicRestApiPolicy,
    "aws:lambda/function:Function": classicFunction,
    "aws:lambda/permission:Permission": classicPermission,
    ...PERIMETER_RULES,
    ...OBSERVABILITY_RULES,
};

/** Providers get a stable UUID id; types without a rule echo their inputs with id `<name>-id`. */
const providerRule: SynthesisRule = (_ctx, fake) => ({ id: fake.uuid("providerId"), outputs: {} });
const fallbackRule: SynthesisRule = (ctx) => ({ id: `${ctx.name}-id`, outputs: {} });

/** The default synthesizer, optionally with extra or replacement rules per type token. */
export function createOutputSynthesizer(extraRules: Readonly<Record<string, SynthesisRule>> = {}): OutputSynthesizer {
    const rules: Record<string, SynthesisRule> = { ...DEFAULT_RULES, ...extraRules };
    return {
        synthesize(ctx: SynthesisContext): SynthesizedResource {
            const rule = rules[ctx.type] ?? (ctx.type.startsWith("pulumi:providers:") ? providerRule : fallbackRule);
            return rule(ctx, new FakeValues(ctx.urn));
        },
    };
}

export const defaultOutputSynthesizer: OutputSynthesizer = createOutputSynthesizer();
