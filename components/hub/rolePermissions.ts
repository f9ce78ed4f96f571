import { AccountScope, executeApiMethodArn, lambdaFunctionArn } from "../../invariants/arns";
import { LIMITS, jsonSize } from "../../invariants/limits";
import { Statement } from "../../invariants/policyDocument";
import { Problem, problem } from "../../invariants/problems";
import { GatewayPermissionsSpec, buildGatewayRoleStatements, packStatements } from "../../invariants/documents/gatewayPermissions";
import { TargetSpec } from "../targets/specs";
import { DEFAULT_STAGE } from "./constants";

/**
 * The longest plausible values for parts not known at construction, so that sizes planned
 * here are upper bounds of the sizes deployed.
 */
export const placeholderScope: AccountScope = { partition: "aws-us-gov", region: "ap-southeast-5", accountId: "123456789012" };
const API_ID_PLACEHOLDER = "abcdefghij";
const LONGEST_FUNCTION_NAME = "f".repeat(64);

function plannedFunctionName(t: TargetSpec, gatewayName: string): string {
    if (t.kind !== "lambda") return LONGEST_FUNCTION_NAME;
    if (t.create) return functionNameFor(gatewayName, t.name);
    const fn = t.function as { name?: unknown } | undefined;
    return typeof fn?.name === "string" ? fn.name : LONGEST_FUNCTION_NAME;
}

/** Name of a function the hub creates for a target (so its ARN is known at preview). */
export function functionNameFor(gatewayName: string, targetName: string): string {
    return `${gatewayName}-${targetName}`.slice(0, 64);
}

/** The permission spec of a gateway role with placeholder leaves, for planning sizes. */
export function plannedPermissionSpec(targets: TargetSpec[], gatewayName: string, scope: AccountScope): GatewayPermissionsSpec {
    return {
        targets: targets.map((t) => ({
            targetName: t.name,
            kind: t.kind,
            resources:
                t.kind === "lambda"
                    ? [lambdaFunctionArn(scope, plannedFunctionName(t, gatewayName))]
                    : (t.create?.operations ?? t.existing?.operations ?? []).map((o) => executeApiMethodArn(scope, API_ID_PLACEHOLDER, t.stageName ?? DEFAULT_STAGE, o.method, o.path)),
        })),
        policyEngine: { engineArn: `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:policy-engine/${"e".repeat(48)}-??????????`, gatewayArn: `arn:${scope.partition}:bedrock-agentcore:${scope.region}:${scope.accountId}:gateway/${"g".repeat(48)}-??????????` },
    };
}

export interface RolePolicyPlan {
    /** Statement indexes in the inline policy, and in each managed policy. */
    inline: number[];
    managed: number[][];
    plannedChars: number;
    problems: Problem[];
}

/**
 * Plans the gateway role's permission documents within IAM's limits (inline, then managed).
 * `featureStatements` (gatewayFeatures.ts) come after the targets' statements, in the same order
 * as the role registers them.
 */
export function planGatewayRolePolicies(targets: TargetSpec[], scope: AccountScope, gatewayName = "g".repeat(48), featureStatements: Statement[] = []): RolePolicyPlan {
    const statements = [...buildGatewayRoleStatements(plannedPermissionSpec(targets, gatewayName, scope)), ...featureStatements];
    const sizes = statements.map(jsonSize);
    const plannedChars = sizes.reduce((a, b) => a + b, 0);
    try {
        return { ...packStatements(sizes), plannedChars, problems: [] };
    } catch (e) {
        return {
            inline: [],
            managed: [],
            plannedChars,
            problems: [problem("I12", `The gateway role's permissions need about ${plannedChars} characters: ${(e as Error).message} (inline total limit ${LIMITS.roleInlinePolicyChars}, ${LIMITS.managedPolicyChars} per managed policy).`, "Split targets over several hubs, or expose fewer operations per target.")],
        };
    }
}
