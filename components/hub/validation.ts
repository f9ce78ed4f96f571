import * as aws from "@pulumi/aws";
import { LIMITS, jsonSize } from "../../invariants/limits";
import { checkName } from "../../invariants/names";
import { Problem, problem } from "../../invariants/problems";
import { checkExceptionLevel, checkInboundAuth, checkPolicyEngineAttachment, GatewayConfigView } from "../../invariants/gatewayConfig";
import { checkRestApiShape } from "../../invariants/restApiConfig";
import { TargetTools, checkToolDefinitions } from "../../invariants/toolSchema";
import { buildGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { buildRestApiResourcePolicy } from "../../invariants/documents/restApiPolicy";
import { gatewayArnPattern, roleArn } from "../../invariants/arns";
import { buildAgentCoreCedarSchema, checkCedarPolicies, statementLanguage } from "../../invariants/cedar";
import { checkPrincipalTypeFits, principalTypeForAuthorizer } from "../../invariants/inboundPrincipals";
import { checkPolicyEnforcement } from "../../invariants/production";
import { AgentGatewayHubArgs } from "./args";
import { TargetSpec } from "../targets/specs";
import { checkExistingFunction } from "../targets/existingFunction";
import { targetTools } from "../targets/tools";
import { planGatewayRolePolicies, placeholderScope } from "./rolePermissions";
import { DEFAULT_ROLE_PATH, DEFAULT_STAGE, defaultRoleName } from "./constants";
import { NUMERIC_RULES, checkWholeNumber } from "../../invariants/numericArgs";
import { renderPolicyStatement } from "./policyStatements";
import { plannedFeatureSpec, validateFeatureArgs } from "./features";
import { agentCoreViaService, buildFeatureStatements } from "../../invariants/documents/gatewayFeatures";
import { checkHubArgLimits } from "./argLimits";
import { validateObservabilityArgs } from "./observabilityArgs";


/** The gateway's settings in the shape the shared I1/I9/I11 checks read. */
export function gatewayView(args: AgentGatewayHubArgs): GatewayConfigView {
    const auth = args.inboundAuth ?? { type: "AWS_IAM" };
    return {
        authorizerType: auth.type,
        jwt: auth.type === "CUSTOM_JWT" ? { discoveryUrl: auth.discoveryUrl, audiences: auth.allowedAudiences, clients: auth.allowedClients } : undefined,
        policyEngine: { arn: "planned", mode: args.policyEngine?.mode ?? "ENFORCE" },
        exceptionLevel: args.exceptionLevel,
    };
}

/** Who the REST APIs' resource policies name: the same for every target of one hub. */
interface GatewayIdentity {
    gatewayName: string;
    roleName: string;
    rolePath: string;
}

/**
 * I12: API Gateway refuses a resource policy over 8,192 characters, and every exposed method
 * is listed in it twice (the role's Allow and AgentCore's). Sized with the longest partition
 * and Region, so the deployed policy is at most this long.
 */
function checkRestApiPolicySize(t: TargetSpec, at: string, gateway: GatewayIdentity): Problem | undefined {
    if (t.kind !== "restApi") return undefined;
    const stage = t.stageName ?? DEFAULT_STAGE;
    const ops = t.create?.operations ?? t.existing?.operations ?? [];
    const size = jsonSize(buildRestApiResourcePolicy({
        gatewayRoleArn: roleArn(placeholderScope.partition, placeholderScope.accountId, gateway.rolePath, gateway.roleName),
        gatewaySourceArn: gatewayArnPattern(placeholderScope, gateway.gatewayName),
        hubAccountId: placeholderScope.accountId,
        exposed: ops.map((o) => ({ stage, method: o.method, path: o.path })),
    }));
    if (size <= LIMITS.restApiPolicyChars) return undefined;
    return problem("I12", `${at} (target "${t.name}") exposes ${ops.length} operations: its REST API resource policy would be up to ${size} characters; API Gateway accepts ${LIMITS.restApiPolicyChars}.`, "Split the operations over several REST API targets.");
}

function checkTarget(t: TargetSpec, at: string): Problem[] {
    const out: (Problem | undefined)[] = [checkName("target", t.name, `${at}.name`)];
    if (t.kind === "lambda") {
        if ((t.function === undefined) === (t.create === undefined)) {
            out.push(problem("I12", `${at} (target "${t.name}") sets ${t.function ? "both `function` and `create`" : "neither `function` nor `create`"}.`, "Set exactly one: `function` for an existing function, `create` for one the hub creates."));
        }
        if (t.function !== undefined && !(t.function instanceof aws.lambda.Function)) out.push(checkExistingFunction(t.function, `${at}.function`));
        out.push(...checkToolDefinitions(t.name, t.tools, `${at}.tools`));
        out.push(checkWholeNumber(t.create?.memorySize, `${at}.create.memorySize`, NUMERIC_RULES.lambdaMemorySize), checkWholeNumber(t.create?.timeout, `${at}.create.timeout`, NUMERIC_RULES.lambdaTimeout));
        return out.filter((p): p is Problem => p !== undefined);
    }
    if ((t.create === undefined) === (t.existing === undefined)) {
        out.push(problem("I12", `${at} (target "${t.name}") sets ${t.create ? "both `create` and `existing`" : "neither `create` nor `existing`"}.`, "Set exactly one: `create` to let the hub build an IAM-only API, `existing` for an API this program builds."));
        return out.filter((p): p is Problem => p !== undefined);
    }
    const stage = t.stageName ?? DEFAULT_STAGE;
    if (!/^[A-Za-z0-9_]{1,128}$/.test(stage)) out.push(problem("I12", `${at}.stageName = ${JSON.stringify(stage)} is not a valid API Gateway stage name (letters, digits, '_').`, "Choose a stage name like \"v1\"."));
    const ops = t.create?.operations ?? t.existing?.operations ?? [];
    if (ops.length === 0) out.push(problem("I12", `${at} (target "${t.name}") declares no operations: AgentCore would expose no tool.`, "Declare the operations to expose, each with a toolName."));
    const seen = new Set<string>();
    ops.forEach((o, i) => {
        const here = `${at}.${t.create ? "create" : "existing"}.operations[${i}]`;
        if (!o.path.startsWith("/")) out.push(problem("I12", `${here}.path = ${JSON.stringify(o.path)} must start with "/".`, "Write the full resource path, e.g. \"/reservations\"."));
        out.push(...checkRestApiShape({ paths: [o.path] }).problems.map((p) => ({ ...p, message: `${here}: ${p.message}` })));
        const integration = t.create?.operations[i]?.integration;
        if (integration !== undefined && "mock" in integration) out.push(checkWholeNumber(integration.mock.statusCode, `${here}.integration.mock.statusCode`, NUMERIC_RULES.httpStatusCode));
        if (!o.toolName) out.push(problem("I12", `${here} (${o.method} ${o.path}) has no toolName: target creation fails with "Name is required for operations without an ID".`, "Give every exposed operation a toolName."));
        const bodyInputs = Object.keys(o.inputSchema?.properties ?? {}).filter((k) => !o.path.includes(`{${k}}`));
        if (bodyInputs.length > 0 && (o.method === "GET" || o.method === "HEAD" || o.method === "DELETE" || o.method === "OPTIONS")) {
            out.push(problem("I10", `${here} (${o.method} ${o.path}) declares inputs ${bodyInputs.join(", ")} that are not path parameters; a ${o.method} has no JSON body to carry them, so the deployed tool would not have them.`, "Make them path parameters, or use POST/PUT/PATCH."));
        }
        const key = `${o.method} ${o.path}`;
        if (seen.has(key)) out.push(problem("I12", `${here} declares ${key} twice.`, "Declare each method and path once."));
        seen.add(key);
    });
    return out.filter((p): p is Problem => p !== undefined);
}

/**
 * Every problem with the hub's arguments, found before any resource is registered: names and
 * limits (I12), inbound auth (I1), posture (I9, I11), tool schemas and Cedar (I10), and whether
 * the gateway role's permissions fit IAM's size limits.
 */
export function validateHubArgs(args: AgentGatewayHubArgs): Problem[] {
    const out: (Problem | undefined)[] = [];
    const name = args.gatewayName ?? "";
    out.push(checkName("gateway", name, "gatewayName"));
    if (name !== name.toLowerCase()) {
        out.push(problem("I2", `gatewayName = ${JSON.stringify(name)} has capital letters; AgentCore derives a lowercase gateway id from it, so the role trust scoped to "<name>-??????????" would never match.`, `Use ${JSON.stringify(name.toLowerCase().replace(/[^0-9a-z-]+/g, "-").replace(/-{2,}/g, "-"))}.`));
    }
    const posture = { production: args.production ?? true };
    const view = gatewayView(args);
    out.push(...checkInboundAuth(view, "inboundAuth.type").problems);
    out.push(...checkPolicyEngineAttachment(view, posture).problems);
    out.push(...checkExceptionLevel(view, posture).problems);

    const roleName = args.role?.name ?? defaultRoleName(name);
    out.push(checkName("role", roleName, "role.name"), checkName("rolePath", args.role?.path ?? DEFAULT_ROLE_PATH, "role.path"));
    const trustSize = jsonSize(buildGatewayTrustPolicy(placeholderScope, name));
    if (trustSize > LIMITS.trustPolicyChars) out.push(problem("I12", `The gateway role trust policy would be ${trustSize} characters; IAM accepts ${LIMITS.trustPolicyChars}.`, "Shorten gatewayName."));

    const targets = args.targets ?? [];
    if (targets.length > LIMITS.targetsPerGateway) {
        out.push(problem("I12", `targets has ${targets.length} entries; a gateway holds at most ${LIMITS.targetsPerGateway}.`, "Split the tools over several hubs, or merge targets."));
    }
    const names = new Map<string, number>();
    targets.forEach((t, i) => {
        if (names.has(t.name)) out.push(problem("I12", `targets[${i}].name = ${JSON.stringify(t.name)} is also the name of targets[${names.get(t.name)}].`, "Give every target a unique name."));
        names.set(t.name, i);
        out.push(...checkTarget(t, `targets[${i}]`), checkRestApiPolicySize(t, `targets[${i}]`, { gatewayName: name, roleName, rolePath: args.role?.path ?? DEFAULT_ROLE_PATH }));
    });

    out.push(...validateFeatureArgs(args));
    out.push(...validateObservabilityArgs(args, posture.production));

    const engine = args.policyEngine ?? {};
    if (engine.name !== undefined) out.push(checkName("policyEngine", engine.name, "policyEngine.name"));
    const policies = engine.policies ?? [];
    const policyNames = new Set<string>();
    const rendered: { name: string; statement: string }[] = [];
    policies.forEach((p, i) => {
        out.push(...checkPolicyEnforcement(p.enforcement ?? "ACTIVE", posture.production, `policyEngine.policies[${i}].enforcement`).problems);
        if (policyNames.has(p.name)) out.push(problem("I12", `policyEngine.policies[${i}].name = ${JSON.stringify(p.name)} is used twice.`, "Give every policy a unique name."));
        policyNames.add(p.name);
        const statement = renderPolicyStatement(p, i);
        if ("problem" in statement) {
            out.push(statement.problem);
            return;
        }
        out.push(checkPrincipalTypeFits(statement.text, String(view.authorizerType), `policyEngine.policies[${i}] ("${p.name}")`));
        rendered.push({ name: p.name, statement: statement.text });
    });

    const real = out.filter((p): p is Problem => p !== undefined);
    // Schema-dependent checks only make sense once the targets themselves are sound.
    if (real.length === 0) {
        const tools: TargetTools[] = targets.map(targetTools);
        // The principal type AgentCore presents for this inbound auth, as the pack builds it.
        const schema = buildAgentCoreCedarSchema(tools, { principalTypes: [principalTypeForAuthorizer(view.authorizerType as string)] });
        real.push(...checkCedarPolicies(rendered.map((p) => ({ ...p, language: statementLanguage(p.statement) })), schema, {}));
        const features = buildFeatureStatements(plannedFeatureSpec(args, placeholderScope), placeholderScope, agentCoreViaService(placeholderScope.region));
        real.push(...planGatewayRolePolicies(targets, placeholderScope, name, features).problems);
    }
    // Published limits last: they never make the schema-dependent checks moot.
    real.push(...checkHubArgLimits(args));
    return real;
}
