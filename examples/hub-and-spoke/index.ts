/**
 * The reference topology: a hub account with one AgentCore Gateway exposing a Lambda target
 * and a REST API target, Cedar policies in ENFORCE, and two spoke accounts whose agents call
 * the gateway through their own caller roles. Every config value has a default, so
 * `agentcore-hub check examples/hub-and-spoke` runs it offline as is.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
// Users import these from "pulumi-agentcore-hub".
import { AgentGatewayHub, SpokeCaller, accountProviders, cedarPolicy } from "../../components";

const config = new pulumi.Config();
const region = config.get("region") ?? "us-east-1";
const deployRoleName = config.get("deployRoleName") ?? "OrganizationAccountAccessRole";
const hubAccount = accountProviders("hub", config.get("hubAccountId") ?? "111111111111", region, deployRoleName);
const supportAccount = accountProviders("support", config.get("supportAccountId") ?? "222222222222", region, deployRoleName);
const bookingAccount = accountProviders("booking", config.get("bookingAccountId") ?? "333333333333", region, deployRoleName);

// A backend the REST API fronts: an ordinary function of the hub account.
const backendRole = new aws.iam.Role("reservations-backend", {
    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
}, { provider: hubAccount.aws });
const backend = new aws.lambda.Function("reservations-backend", {
    name: "reservations-backend",
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: backendRole.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(
            "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ ok: true, path: event.path, method: event.httpMethod }) });",
        ),
    }),
}, { provider: hubAccount.aws });

const callerPath = "/agentcore-callers/";
const support = { accountId: supportAccount.accountId, roleName: "support-agent", path: callerPath };
const booking = { accountId: bookingAccount.accountId, roleName: "booking-agent", path: callerPath };

// Where the hub's alarms (throttles, errors, latency, policy denials) notify the platform team.
const alarmTopic = new aws.sns.Topic("hub-alarms", {}, { provider: hubAccount.aws });

const hub = new AgentGatewayHub("hub", {
    gatewayName: "org-tools",
    description: "Organization-wide MCP tools",
    // Logs, traces and the CloudTrail audit trail of tool calls are on by default (I14); shown
    // here with their defaults. Alarms need a topic.
    logs: { retentionInDays: 365 },
    auditTrail: { create: {} },
    alarms: { topicArn: alarmTopic.arn },
    targets: [
        {
            kind: "lambda",
            name: "refunds",
            description: "Refunds for customer orders",
            create: {
                handler: "index.handler",
                code: new pulumi.asset.AssetArchive({
                    "index.js": new pulumi.asset.StringAsset("exports.handler = async (event) => ({ status: 'success', amount: event.amount, orderId: event.orderId });"),
                }),
            },
            tools: [
                {
                    name: "process_refund",
                    description: "Refund part or all of an order",
                    inputSchema: {
                        type: "object",
                        properties: { orderId: { type: "string", description: "Order to refund" }, amount: { type: "integer", description: "Amount in dollars" } },
                        required: ["orderId", "amount"],
                    },
                },
            ],
        },
        {
            kind: "restApi",
            name: "reservations",
            description: "Restaurant reservations",
            create: {
                description: "Reservations API, reachable only through the hub gateway",
                operations: [
                    {
                        path: "/reservations/{phone}",
                        method: "GET",
                        toolName: "CheckReservation",
                        description: "Look up the reservations made with a phone number",
                        integration: { lambda: backend },
                    },
                    {
                        path: "/reservations",
                        method: "POST",
                        toolName: "CreateReservation",
                        description: "Book a table: phone, time, name and party size",
                        integration: { lambda: backend },
                        inputSchema: {
                            type: "object",
                            properties: {
                                phone: { type: "string" },
                                time: { type: "string" },
                                name: { type: "string" },
                                partySize: { type: "integer" },
                            },
                            required: ["phone", "time", "name", "partySize"],
                        },
                    },
                ],
            },
        },
    ],
    policyEngine: {
        mode: "ENFORCE",
        policies: [
            {
                name: "support_refunds_under_1000",
                description: "The support agent may refund less than $1,000 per call",
                statement: cedarPolicy().permit().principalIamRole(support).tool("refunds", "process_refund").inputLessThan("amount", 1000),
            },
            {
                name: "booking_reservations",
                description: "The booking agent may check and create reservations",
                statement: cedarPolicy().permit().principalIamRole(booking).tools("reservations", ["CheckReservation", "CreateReservation"]),
            },
            {
                name: "no_large_parties",
                description: "Parties above 20 are booked by a person, never by an agent",
                statement: cedarPolicy().forbid().tool("reservations", "CreateReservation").inputGreaterThan("partySize", 20),
            },
        ],
    },
    tags: { "managed-by": "pulumi-agentcore-hub" },
}, { providers: hubAccount.list });

// The hub puts a fail-closed WAF web ACL in front of the gateway by default (AgentGatewayHubArgs.waf).
// With `supportVpcId` and `supportSubnetIds` set, the support agent reaches the gateway through an
// interface endpoint in its VPC, and the hub's grant for it holds only through that endpoint.
const supportVpcId = config.get("supportVpcId");
const supportAgent = new SpokeCaller("support-agent", {
    roleName: support.roleName,
    path: callerPath,
    gatewayArns: [hub.gatewayArn],
    rateLimit: { requests: 600, per: "minute" },
    privateEndpoint: supportVpcId ? { vpcId: supportVpcId, subnetIds: config.requireObject<string[]>("supportSubnetIds") } : undefined,
}, { providers: supportAccount.list });

const bookingAgent = new SpokeCaller("booking-agent", {
    roleName: booking.roleName,
    path: callerPath,
    gatewayArns: [hub.gatewayArn],
}, { providers: bookingAccount.list });

const grants = hub.grantInvoke([supportAgent, bookingAgent]);

export const gatewayUrl = hub.gatewayUrl;
export const gatewayArn = hub.gatewayArn;
export const gatewayRoleArn = hub.roleArn;
export const policyEngineArn = hub.policyEngineArn;
export const webAclArn = hub.waf?.webAclArn;
export const gatewayLogGroup = hub.observability.logGroupName;
export const auditTrailArn = hub.observability.auditTrailArn;
/** The hub's own rotating key (gateway, policy engine; the log group's input). */
export const kmsKeyArn = hub.kmsKeyArn;
export const callerRoleArns = { support: supportAgent.roleArn, booking: bookingAgent.roleArn };
export const grantPolicy = { form: grants.form, bytes: grants.bytes };
