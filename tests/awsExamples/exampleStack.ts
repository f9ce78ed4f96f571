import { buildGatewayRoleStatements, toDocument } from "../../invariants/documents/gatewayPermissions";
import { buildGatewayTrustPolicy } from "../../invariants/documents/gatewayTrust";
import { PolicyDocument, ReadValue } from "../../invariants/policyDocument";
import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { roleNameAndPath } from "../../policypack/model/views";
import { IamExample } from "./iamExamples";

/**
 * The stack a hand-written program (raw `@pulumi/aws` or `@pulumi/aws-native` resources) would
 * register around one AWS example document, as the pack sees it at `pulumi up` (every value
 * known): the gateway, its service role, its targets, and the document where AWS puts it.
 * Parts the example does not show are our own secure builders, so only the example can raise.
 */

export type Provider = "aws" | "aws-native";
export const PROVIDERS: readonly Provider[] = ["aws", "aws-native"];

export interface ExampleStack {
    model: StackModel;
    /** The resource that holds the example's document. */
    holder: ModelResource;
}

const URN = {
    gateway: "urn:example:gateway",
    role: "urn:example:role",
    api: "urn:example:restApi",
    resourcePolicy: "urn:example:resourcePolicy",
    permission: "urn:example:lambdaPermission",
};

/** Bridged resources take policy documents as JSON text; aws-native ones as structured values where the schema says JSON. */
function doc(provider: Provider, d: PolicyDocument): ReadValue {
    return provider === "aws" ? JSON.stringify(d) : structured(d);
}

/** A document as a structured value (what aws-native JSON-typed properties carry). */
export function structured(d: PolicyDocument): ReadValue {
    return JSON.parse(JSON.stringify(d)) as ReadValue;
}

function resource(urn: string, type: string, name: string, props: ModelResource["props"], propertyDependencies: Record<string, string[]> = {}): ModelResource {
    return { urn, type, name, props, propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())] };
}

export function exampleStack(example: IamExample, provider: Provider): ExampleStack {
    const h = example.hub;
    const bridged = provider === "aws";
    const gatewayName = h.gatewayId.slice(0, -11);
    const gatewayArn = `arn:aws:bedrock-agentcore:${h.region}:${h.accountId}:gateway/${h.gatewayId}`;
    const scope = { partition: "aws", region: h.region, accountId: h.accountId };
    const rolePath = roleNameAndPath(h.roleArn);
    if (!rolePath) throw new Error(`${h.roleArn} is not a role ARN`);

    const trust = example.kind === "trust" ? example.document : buildGatewayTrustPolicy(scope, gatewayName);
    const apiArns = (h.restApi?.exposed ?? []).map((m) => `arn:aws:execute-api:${h.region}:${h.accountId}:${h.restApi!.id}/${h.restApi!.stage}/${m.method}${m.path}`);
    const permissions = example.kind === "rolePermissions"
        ? example.document
        : toDocument(buildGatewayRoleStatements({
              targets: [
                  ...(h.lambdaArns ?? []).map((arn, i) => ({ targetName: `fn${i}`, kind: "lambda" as const, resources: [arn] })),
                  ...(apiArns.length ? [{ targetName: "api", kind: "restApi" as const, resources: apiArns }] : []),
              ],
          }));

    const gateway = resource(URN.gateway, bridged ? "aws:bedrock/agentcoreGateway:AgentcoreGateway" : "aws-native:bedrockagentcore:Gateway", "gateway", {
        name: gatewayName,
        protocolType: "MCP",
        authorizerType: h.authorizerType,
        roleArn: h.roleArn,
        gatewayArn,
        [bridged ? "gatewayId" : "gatewayIdentifier"]: h.gatewayId,
    }, { roleArn: [URN.role] });
    const role = resource(URN.role, bridged ? "aws:iam/role:Role" : "aws-native:iam:Role", "gateway-role", bridged
        ? { name: rolePath.name, path: rolePath.path, arn: h.roleArn, assumeRolePolicy: doc(provider, trust), inlinePolicies: [{ name: "targets", policy: doc(provider, permissions) }], managedPolicyArns: [] }
        : { roleName: rolePath.name, path: rolePath.path, arn: h.roleArn, assumeRolePolicyDocument: doc(provider, trust), policies: [{ policyName: "targets", policyDocument: doc(provider, permissions) }], managedPolicyArns: [] });

    const resources: ModelResource[] = [gateway, role];
    const targetType = bridged ? "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget" : "aws-native:bedrockagentcore:GatewayTarget";
    (h.lambdaArns ?? []).forEach((lambdaArn, i) => {
        const tools = [{ name: "tool", description: "a tool", inputSchema: { type: "object" } }];
        resources.push(resource(`urn:example:target:fn${i}`, targetType, `fn${i}`, {
            gatewayIdentifier: h.gatewayId,
            name: `fn${i}`,
            targetConfiguration: { mcp: { lambda: { lambdaArn, toolSchema: { [bridged ? "inlinePayloads" : "inlinePayload"]: tools } } } },
        }, { gatewayIdentifier: [URN.gateway] }));
    });
    let api: ModelResource | undefined;
    if (h.restApi) {
        const policy: ModelResource["props"] = example.kind === "restApiPolicy" ? { policy: doc(provider, example.document) } : {};
        api = resource(URN.api, bridged ? "aws:apigateway/restApi:RestApi" : "aws-native:apigateway:RestApi", "api", {
            [bridged ? "id" : "restApiId"]: h.restApi.id,
            name: "api",
            endpointConfiguration: { types: bridged ? "REGIONAL" : ["REGIONAL"] },
            ...policy,
        });
        resources.push(api);
        resources.push(resource("urn:example:target:api", targetType, "api", {
            gatewayIdentifier: h.gatewayId,
            name: "api",
            targetConfiguration: { mcp: { apiGateway: { restApiId: h.restApi.id, stage: h.restApi.stage, apiGatewayToolConfiguration: { toolFilters: h.restApi.exposed.map((m) => ({ filterPath: m.path, methods: [m.method] })) } } } },
        }, { gatewayIdentifier: [URN.gateway], targetConfiguration: [URN.api] }));
    }

    let holder: ModelResource;
    if (example.kind === "trust" || example.kind === "rolePermissions") holder = role;
    else if (example.kind === "restApiPolicy") {
        if (!api) throw new Error(`${example.id}: a REST API policy example needs hub.restApi`);
        holder = api;
    } else if (example.kind === "gatewayResourcePolicy") {
        // Both providers type the ResourcePolicy's policy as a string (aws-native follows the CFN schema).
        holder = resource(URN.resourcePolicy, bridged ? "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy" : "aws-native:bedrockagentcore:ResourcePolicy", "grants", {
            resourceArn: gatewayArn,
            policy: JSON.stringify(example.document),
        }, { resourceArn: [URN.gateway] });
        resources.push(holder);
    } else {
        // The function policy as a program writes it: one aws.lambda.Permission per statement.
        const s = example.document.Statement[0];
        const principal = typeof s.Principal === "object" ? s.Principal.AWS : undefined;
        holder = resource(URN.permission, bridged ? "aws:lambda/permission:Permission" : "aws-native:lambda:Permission", "gateway-invoke", {
            action: typeof s.Action === "string" ? s.Action : String(s.Action),
            [bridged ? "function" : "functionName"]: typeof s.Resource === "string" ? s.Resource : String(s.Resource),
            principal: typeof principal === "string" ? principal : String(principal),
            ...(bridged ? { statementId: s.Sid ?? "GatewayInvoke" } : {}),
        });
        resources.push(holder);
    }
    return { model: new StackModel(resources), holder };
}
