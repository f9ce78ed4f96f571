import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope, gatewayArnPattern, policyEngineArnPattern } from "../../invariants/arns";
import { buildGatewayRoleStatements, toDocument } from "../../invariants/documents/gatewayPermissions";
import { buildGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { lifecycleOptions } from "../../invariants/lifecycle";
import { Statement } from "../../invariants/policyDocument";
import { RolePolicyPlan } from "./rolePermissions";

export interface GatewayRoleInputs {
    name: string;
    roleName: string;
    rolePath: string;
    gatewayName: string;
    engineName: string;
    scope: pulumi.Output<AccountScope>;
    permissionsBoundaryArn?: pulumi.Input<string>;
    tags?: Record<string, string>;
}

/** The gateway service role, trusting only AgentCore acting for this gateway (I2). */
export function createGatewayRole(i: GatewayRoleInputs, parent: pulumi.Resource): awsnative.iam.Role {
    return new awsnative.iam.Role(`${i.name}-gateway-role`, {
        roleName: i.roleName,
        path: i.rolePath,
        description: `Service role of AgentCore gateway ${i.gatewayName}: reaches only its targets.`,
        assumeRolePolicyDocument: i.scope.apply((s) => buildGatewayTrustPolicy(s, i.gatewayName)),
        permissionsBoundary: i.permissionsBoundaryArn,
        tags: i.tags ? Object.entries(i.tags).map(([key, value]) => ({ key, value })) : undefined,
    }, { parent, ...lifecycleOptions("AWS::IAM::Role") });
}

export interface GatewayRoleTarget {
    targetName: string;
    kind: "lambda" | "restApi";
    resources: pulumi.Output<string>[];
}

/**
 * The role's permissions (I3): one structured document with `pulumi.Input` leaves, so an ARN
 * not known at preview stays one unknown leaf. Split per the size plan into the inline policy
 * and, beyond 10,240 characters, managed policies.
 */
export function createGatewayRolePolicies(
    i: GatewayRoleInputs,
    role: awsnative.iam.Role,
    targets: GatewayRoleTarget[],
    plan: RolePolicyPlan,
    parent: pulumi.Resource,
    featureStatements: Statement<pulumi.Input<string>>[] = [],
): pulumi.Resource[] {
    const statements: Statement<pulumi.Input<string>>[] = [...buildGatewayRoleStatements<pulumi.Input<string>>({
        targets,
        policyEngine: {
            engineArn: i.scope.apply((s) => policyEngineArnPattern(s, i.engineName)),
            gatewayArn: i.scope.apply((s) => gatewayArnPattern(s, i.gatewayName)),
        },
    }), ...featureStatements];
    const pick = (indexes: number[]) => toDocument(indexes.map((n) => statements[n]));
    const created: pulumi.Resource[] = [
        new awsnative.iam.RolePolicy(`${i.name}-gateway-permissions`, {
            roleName: i.roleName,
            policyName: "gateway-targets",
            policyDocument: pick(plan.inline),
        }, { parent, dependsOn: [role] }),
    ];
    plan.managed.forEach((indexes, n) => {
        created.push(new awsnative.iam.ManagedPolicy(`${i.name}-gateway-permissions-${n + 1}`, {
            managedPolicyName: `${i.roleName}-targets-${n + 1}`,
            path: i.rolePath,
            description: `Targets of AgentCore gateway ${i.gatewayName} beyond the inline policy's 10,240 characters (${n + 1}).`,
            policyDocument: pick(indexes),
            roles: [i.roleName],
        }, { parent, dependsOn: [role], ...lifecycleOptions("AWS::IAM::ManagedPolicy") }));
    });
    return created;
}
