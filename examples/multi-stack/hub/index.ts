/**
 * The hub stack of the multi-stack topology: the organization's AgentCore Gateway in the hub
 * account, with a Lambda target, Cedar policies in ENFORCE, and a resource-based policy that
 * grants consumers by role path (or exact role ARNs built from known parts). Nothing here reads
 * a spoke stack: spokes read this stack's `gatewayArn`, so there is no dependency cycle and
 * this stack is deployed first. See ../README.md.
 */
import * as pulumi from "@pulumi/pulumi";
// Users import these from "pulumi-agentcore-hub".
import { AgentGatewayHub, InvokeGrantee, accountProviders, cedarPolicy } from "../../../components";

const config = new pulumi.Config();
const region = config.get("region") ?? "us-east-1";
const deployRoleName = config.get("deployRoleName") ?? "OrganizationAccountAccessRole";
const hubAccount = accountProviders("hub", config.get("hubAccountId") ?? "111111111111", region, deployRoleName);
const spokeAccountIds = config.getObject<string[]>("spokeAccountIds") ?? ["222222222222", "333333333333"];
const callerPath = config.get("callerPath") ?? "/agentcore-callers/";
const exactCallerRoleArns = config.getObject<string[]>("exactCallerRoleArns") ?? [];
const supportAccountId = config.get("supportAccountId") ?? "222222222222";

const orderInput = { orderId: { type: "string" as const, description: "Order id" } };

const hub = new AgentGatewayHub("hub", {
    gatewayName: "org-tools",
    description: "Organization-wide MCP tools, called from spoke accounts",
    targets: [
        {
            kind: "lambda",
            name: "orders",
            description: "Order lookups and refunds",
            create: {
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset("exports.handler = async (event) => ({ status: 'ok', orderId: event.orderId, amount: event.amount });"),
                }),
            },
            tools: [
                {
                    name: "lookup_order",
                    description: "Read an order's status",
                    inputSchema: { type: "object", properties: orderInput, required: ["orderId"] },
                },
                {
                    name: "refund_order",
                    description: "Refund part or all of an order",
                    inputSchema: {
                        type: "object",
                        properties: { ...orderInput, amount: { type: "integer", description: "Amount in dollars" } },
                        required: ["orderId", "amount"],
                    },
                },
            ],
        },
    ],
    policyEngine: {
        mode: "ENFORCE",
        policies: [
            {
                // Cedar sees role sessions (assumed-role/<name>/<session>), which carry no path:
                // the path is enforced by the resource-based policy, Cedar narrows by account and role.
                name: "spokes_lookup_orders",
                description: "Any granted caller of a spoke account may look up orders",
                statement: spokeAccountIds.reduce((p, account) => p.principalAccount(account), cedarPolicy().permit()).tool("orders", "lookup_order"),
            },
            {
                name: "support_refunds_under_1000",
                description: "The support agent may refund less than $1,000 per call",
                statement: cedarPolicy()
                    .permit()
                    .principalIamRole({ accountId: supportAccountId, roleName: "support-agent", path: callerPath })
                    .tool("orders", "refund_order")
                    .inputLessThan("amount", 1000),
            },
        ],
    },
    tags: { "managed-by": "pulumi-agentcore-hub" },
}, { providers: hubAccount.list });

// Known at construction: no spoke stack is read, so spokes can be added (under the path)
// without touching this stack.
const consumers: InvokeGrantee[] = [
    ...spokeAccountIds.map((accountId) => ({ accountId, rolePath: callerPath })),
    ...exactCallerRoleArns.map((roleArn) => ({ roleArn })),
];
const grants = hub.grantInvoke(consumers);

// What spoke stacks read through their StackReference.
export const gatewayArn = hub.gatewayArn;
export const gatewayUrl = hub.gatewayUrl;
export const gatewayId = hub.gatewayId;
export const gatewayRoleArn = hub.roleArn;
export const policyEngineArn = hub.policyEngineArn;
/** Who the resource-based policy admits: a spoke checks it is covered before it deploys. */
export const consumerGrants = { accountIds: spokeAccountIds, rolePath: callerPath, roleArns: exactCallerRoleArns };
export const grantPolicy = { form: grants.form, bytes: grants.bytes, statements: grants.statements };
