// The CDK peer of `npm run bench` (bench/peers/cdkPeer.ts runs it; installed on demand by
// `npm run bench:peer-install`, never a dependency of the package): the same organization as a
// bench workload (bench/workloads/topology.ts), written with aws-cdk-lib and the AgentCore alpha
// constructs, synthesized with cdk-nag's AwsSolutionsChecks as a validation plugin, which is what
// `cdk synth` runs (the CLI spawns this app; the bench runs it directly, the peer's floor).
//
//   node app.js '<TopologySpec JSON>' <outdir>
//
// Prints one JSON line: stacks, CloudFormation resources, cdk-nag violations, synth milliseconds.
"use strict";
const { performance } = require("node:perf_hooks");
const started = performance.now();
const cdk = require("aws-cdk-lib");
const iam = require("aws-cdk-lib/aws-iam");
const lambda = require("aws-cdk-lib/aws-lambda");
const apigateway = require("aws-cdk-lib/aws-apigateway");
const { CfnResourcePolicy } = require("aws-cdk-lib/aws-bedrockagentcore");
const agentcore = require("@aws-cdk/aws-bedrock-agentcore-alpha");
const { AwsSolutionsChecks } = require("cdk-nag");

const spec = JSON.parse(process.argv[2]);
const outdir = process.argv[3];
const HUB_ACCOUNT_ID = "111111111111";
const REGION = "us-east-1";
const CALLER_PATH = "/agentcore-callers/";
const spokeAccountId = (index) => String(400000000000 + index);

const app = new cdk.App({ outdir });
const nag = new AwsSolutionsChecks(app);
cdk.Validations.of(app).addPlugins(nag);

const hubEnv = { account: HUB_ACCOUNT_ID, region: REGION };
const hub = new cdk.Stack(app, "hub", { env: hubEnv });
// CloudFormation refuses a stack of more than 500 resources (CDK checks it at synth): the tools
// (functions, REST APIs) live in stacks of TOOLS_PER_STACK each, as a CDK user of this size must
// split them; the hub stack keeps the gateway, its targets, the engine, policies and grants. The
// tool stacks never reference the hub, so the cross-stack references run one way only.
const TOOLS_PER_STACK = 10;
const toolStacks = [];
const toolStack = (index) => {
    const n = Math.floor(index / TOOLS_PER_STACK);
    if (!toolStacks[n]) toolStacks[n] = new cdk.Stack(app, `tools-${n}`, { env: hubEnv });
    return toolStacks[n];
};
const engine = new agentcore.PolicyEngine(hub, "policies", { policyEngineName: "org_tools_policies" });
const gateway = new agentcore.Gateway(hub, "gateway", {
    gatewayName: "org-tools",
    description: `Synthetic organization ${spec.id}`,
    authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam(),
    policyEngineConfiguration: { policyEngine: engine, mode: agentcore.PolicyEngineMode.ENFORCE },
});

const S = agentcore.SchemaDefinitionType;
for (let i = 0; i < spec.lambdaTargets; i++) {
    const fn = new lambda.Function(toolStack(i), `fn-${i}`, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: "index.handler",
        code: lambda.Code.fromInline("exports.handler = async (event) => ({ ok: true, event });"),
    });
    gateway.addLambdaTarget(`fn-${i}-target`, {
        gatewayTargetName: `fn-${i}`,
        description: `Synthetic Lambda target ${i}`,
        lambdaFunction: fn,
        toolSchema: agentcore.ToolSchema.fromInline([
            { name: "process_refund", description: "Refund part or all of an order", inputSchema: { type: S.OBJECT, properties: { orderId: { type: S.STRING }, amount: { type: S.INTEGER } }, required: ["orderId", "amount"] } },
            { name: "get_order", description: "Read an order", inputSchema: { type: S.OBJECT, properties: { orderId: { type: S.STRING } }, required: ["orderId"] } },
        ]),
    });
}

for (let i = 0; i < spec.restTargets; i++) {
    const api = new apigateway.RestApi(toolStack(spec.lambdaTargets + i), `api-${i}`, { description: `Synthetic API ${i}`, deployOptions: { stageName: "prod" } });
    const filters = [];
    for (let n = 0; n < spec.operationsPerRestTarget; n++) {
        const post = n % 2 === 1;
        const collection = api.root.addResource(`resource-${n}`);
        const resource = post ? collection : collection.addResource("{id}");
        const method = post ? "POST" : "GET";
        resource.addMethod(method, new apigateway.HttpIntegration(`https://backend-${i}.example.internal/resource-${n}`, { httpMethod: method }), { authorizationType: apigateway.AuthorizationType.IAM });
        filters.push({ filterPath: post ? `/resource-${n}` : `/resource-${n}/{id}`, methods: [method] });
    }
    gateway.addApiGatewayTarget(`api-${i}-target`, { gatewayTargetName: `api-${i}`, description: `Synthetic REST API target ${i}`, restApi: api, apiGatewayToolConfiguration: { toolFilters: filters } });
}

// Cedar policy k: spoke account k mod N may use target k mod T's tools (as topology.ts cedarPolicyFor).
const targets = spec.lambdaTargets + spec.restTargets;
for (let k = 0; k < spec.cedarPolicies; k++) {
    const account = spokeAccountId(k % spec.spokeAccounts);
    const t = k % targets;
    const actions = t < spec.lambdaTargets
        ? [`AgentCore::Action::"fn-${t}___process_refund"`]
        : Array.from({ length: spec.operationsPerRestTarget }, (_, n) => `AgentCore::Action::"api-${t - spec.lambdaTargets}___Operation${n}"`);
    const when = t < spec.lambdaTargets ? ` && context.input.amount < 1000` : "";
    engine.addPolicy(`p${k}`, {
        policyName: `p${k}_acct${k % spec.spokeAccounts}_t${t}`,
        description: `Synthetic policy ${k}`,
        definition: `permit(principal is AgentCore::IamEntity, action in [${actions.join(", ")}], resource == AgentCore::Gateway::"${gateway.gatewayArn}") when { principal.id like "arn:aws:iam::${account}:*"${when} };`,
    });
}

// Spoke accounts: each its own stack and environment, its caller roles allowed to invoke the gateway.
const gatewayArnPattern = `arn:aws:bedrock-agentcore:${REGION}:${HUB_ACCOUNT_ID}:gateway/org-tools-*`;
const callerArns = [];
for (let a = 0; a < spec.spokeAccounts; a++) {
    const accountId = spokeAccountId(a);
    const spoke = new cdk.Stack(app, `spoke-${a}`, { env: { account: accountId, region: REGION } });
    for (let r = 0; r < spec.rolesPerAccount; r++) {
        const roleName = `agent-${a}-${r}`;
        const role = new iam.Role(spoke, roleName, { roleName, path: CALLER_PATH, assumedBy: new iam.AccountPrincipal(accountId) });
        role.addToPolicy(new iam.PolicyStatement({ actions: ["bedrock-agentcore:InvokeGateway"], resources: [gatewayArnPattern] }));
        callerArns.push(`arn:aws:iam::${accountId}:role${CALLER_PATH}${roleName}`);
    }
}

// The gateway's resource-based policy: exact roles, or one role-path pattern per account (topology.ts consumersOf).
const statement = spec.grantBy === "role"
    ? callerArns.map((arn, n) => ({ Sid: `Consumer${n}`, Effect: "Allow", Principal: { AWS: arn }, Action: "bedrock-agentcore:InvokeGateway", Resource: gateway.gatewayArn }))
    : [{
        Sid: "Consumers",
        Effect: "Allow",
        Principal: { AWS: Array.from({ length: spec.spokeAccounts }, (_, a) => `arn:aws:iam::${spokeAccountId(a)}:root`) },
        Action: "bedrock-agentcore:InvokeGateway",
        Resource: gateway.gatewayArn,
        Condition: { ArnLike: { "aws:PrincipalArn": Array.from({ length: spec.spokeAccounts }, (_, a) => `arn:aws:iam::${spokeAccountId(a)}:role${CALLER_PATH}*`) } },
    }];
new CfnResourcePolicy(hub, "consumers", { resourceArn: gateway.gatewayArn, policy: hub.toJsonString({ Version: "2012-10-17", Statement: statement }) });

// cdk-nag findings fail the synth (as they fail `cdk synth`): a completed synth either way.
let validation = "passed";
try {
    app.synth();
} catch (err) {
    if (!/Validation failed/.test(String(err && err.message))) throw err;
    validation = "failed";
}
// The templates as written before validation ran (the assembly is on disk either way).
const fs = require("node:fs");
const path = require("node:path");
let stacks = 0;
let resources = 0;
for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith(".template.json"))) {
    stacks++;
    resources += Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, file), "utf8")).Resources || {}).length;
}
process.stdout.write(JSON.stringify({ stacks, resources, nagViolations: nag.violations.length, validation, ms: Math.round(performance.now() - started) }) + "\n");
