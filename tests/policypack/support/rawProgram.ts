import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";

/**
 * The reference topology written by hand with raw `@pulumi/aws` / `@pulumi/aws-native` resources,
 * as a careful team would without our components. `mutation` makes one insecure edit (see
 * mutations.ts); without it the program is secure and the pack must raise nothing mandatory.
 */
export type RawMutation =
    | "authNone" | "jwtNoAudience" | "trustNoSourceArn" | "trustAnyPrincipal" | "roleLambdaStar" | "roleWildcardAction"
    | "methodNone" | "methodApiKey" | "apiPolicyNoDeny" | "apiPolicyStar" | "deploymentNoTriggers" | "wholeAccountGrant"
    | "grantStar" | "grantWrongAction" | "spokeResourceStar" | "spokeTrustStar" | "engineLogOnly" | "noEngine"
    | "debug" | "privateApi" | "proxyPath" | "gatewayNameTooLong" | "resourcePolicyTooBig"
    | "noTracesDelivery" | "trailOtherResourceType" | "trailLoggingOff" | "noAlarms"
    | "noCustomerKey" | "keyNoRotation" | "keyPolicyStar" | "keyRoleDirect";

/**
 * The raw program's gateway is the @pulumi/aws one, which (7.48) cannot set
 * `wafConfiguration.failureMode`, so it cannot pass agentcore-gateway-waf (I13) with a web ACL; it
 * opts out of the WAF requirement as such a stack must (README "Perimeter"). The WAF rule itself
 * is tested on raw programs in tests/components/perimeter.test.ts.
 */
export const RAW_PROGRAM_PACK_CONFIG = { "agentcore-gateway-waf": { requireWaf: false } };

const HUB = "111111111111";
const SPOKE = "222222222222";
const REGION = "us-east-1";
const GATEWAY = "org-tools";

export function rawProgram(mutation?: RawMutation): Record<string, pulumi.Output<string>> {
    const m = (name: RawMutation) => mutation === name;
    const hub = new aws.Provider("hub-aws", { region: REGION, allowedAccountIds: [HUB] });
    const hubNative = new awsnative.Provider("hub-aws-native", { region: REGION });
    const spoke = new aws.Provider("spoke-aws", { region: REGION, allowedAccountIds: [SPOKE] });
    const gwPattern = `arn:aws:bedrock-agentcore:${REGION}:${HUB}:gateway/${GATEWAY}-??????????`;
    const roleArn = `arn:aws:iam::${HUB}:role/agentcore/${GATEWAY}-gateway`;

    const trustCondition: Record<string, Record<string, string>> = { StringEquals: { "aws:SourceAccount": HUB } };
    if (!m("trustNoSourceArn")) trustCondition.ArnLike = { "aws:SourceArn": gwPattern };
    const gatewayRole = new aws.iam.Role("gateway-role", {
        name: `${GATEWAY}-gateway`,
        path: "/agentcore/",
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: m("trustAnyPrincipal") ? { AWS: "*" } : { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: trustCondition }],
        }),
    }, { provider: hub });

    const fnName = `${GATEWAY}-refunds`;
    const fnArn = `arn:aws:lambda:${REGION}:${HUB}:function:${fnName}`;
    const execRole = new aws.iam.Role("refunds-exec", {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
    }, { provider: hub });
    new aws.lambda.Function("refunds", {
        name: fnName,
        runtime: "nodejs20.x",
        handler: "index.handler",
        role: execRole.arn,
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") }),
    }, { provider: hub });
    new aws.lambda.Permission("refunds-gateway", { action: "lambda:InvokeFunction", function: fnName, principal: roleArn }, { provider: hub });

    // The REST API, resource by resource.
    const api = new aws.apigateway.RestApi("reservations", { name: "reservations", endpointConfiguration: { types: m("privateApi") ? "PRIVATE" : "REGIONAL" } }, { provider: hub });
    const collection = new aws.apigateway.Resource("reservations-collection", { restApi: api.id, parentId: api.rootResourceId, pathPart: "reservations" }, { provider: hub });
    const item = new aws.apigateway.Resource("reservations-item", { restApi: api.id, parentId: collection.id, pathPart: m("proxyPath") ? "{proxy+}" : "{phone}" }, { provider: hub });
    const itemPath = m("proxyPath") ? "/reservations/{proxy+}" : "/reservations/{phone}";
    const getMethod = new aws.apigateway.Method("get-reservation", {
        restApi: api.id, resourceId: item.id, httpMethod: "GET",
        authorization: m("methodNone") ? "NONE" : "AWS_IAM",
        apiKeyRequired: m("methodApiKey"),
    }, { provider: hub });
    const postMethod = new aws.apigateway.Method("create-reservation", { restApi: api.id, resourceId: collection.id, httpMethod: "POST", authorization: "AWS_IAM" }, { provider: hub });
    const integrations = [getMethod, postMethod].map((method, i) => new aws.apigateway.Integration(`integration-${i}`, {
        restApi: api.id, resourceId: method.resourceId, httpMethod: method.httpMethod, type: "MOCK",
    }, { provider: hub }));
    const exposed = [`execute-api:/v1/GET${itemPath.replace(/\{[^}]+\}/g, "*")}`, "execute-api:/v1/POST/reservations"];
    const apiStatements: object[] = [
        { Sid: "AllowGatewayRole", Effect: "Allow", Principal: m("apiPolicyStar") ? "*" : { AWS: roleArn }, Action: "execute-api:Invoke", Resource: exposed },
        { Sid: "AllowAgentCore", Effect: "Allow", Principal: { Service: "bedrock-agentcore.amazonaws.com" }, Action: "execute-api:Invoke", Resource: exposed, Condition: { ArnLike: { "aws:SourceArn": gwPattern } } },
    ];
    if (!m("apiPolicyNoDeny")) {
        apiStatements.push({ Sid: "DenyOthers", Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { ArnNotLike: { "aws:PrincipalArn": roleArn, "aws:SourceArn": gwPattern } } });
    }
    const apiPolicyText = JSON.stringify({ Version: "2012-10-17", Statement: apiStatements });
    const apiPolicy = new aws.apigateway.RestApiPolicy("reservations-policy", { restApiId: api.id, policy: apiPolicyText }, { provider: hub });
    const deployment = new aws.apigateway.Deployment("reservations-deployment", {
        restApi: api.id,
        triggers: m("deploymentNoTriggers") ? undefined : { redeployment: apiPolicyText + itemPath },
    }, { provider: hub, dependsOn: [getMethod, postMethod, ...integrations, apiPolicy] });
    new aws.apigateway.Stage("reservations-v1", { restApi: api.id, deployment: deployment.id, stageName: "v1" }, { provider: hub });

    // Gateway role permissions: structured (aws-native), so the unknown API id stays one leaf.
    new awsnative.iam.RolePolicy("gateway-permissions", {
        roleName: gatewayRole.name,
        policyName: "targets",
        policyDocument: {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: m("roleWildcardAction") ? "lambda:*" : "lambda:InvokeFunction", Resource: m("roleLambdaStar") ? "*" : fnArn },
                { Effect: "Allow", Action: "execute-api:Invoke", Resource: [pulumi.interpolate`arn:aws:execute-api:${REGION}:${HUB}:${api.id}/v1/GET${itemPath.replace(/\{[^}]+\}/g, "*")}`, pulumi.interpolate`arn:aws:execute-api:${REGION}:${HUB}:${api.id}/v1/POST/reservations`] },
                { Effect: "Allow", Action: ["bedrock-agentcore:AuthorizeAction", "bedrock-agentcore:PartiallyAuthorizeActions"], Resource: [`arn:aws:bedrock-agentcore:${REGION}:${HUB}:policy-engine/org_tools_engine-??????????`, gwPattern] },
                { Effect: "Allow", Action: "bedrock-agentcore:GetPolicyEngine", Resource: `arn:aws:bedrock-agentcore:${REGION}:${HUB}:policy-engine/org_tools_engine-??????????` },
            ],
        },
    }, { provider: hubNative });

    // The customer-managed key of gateway and engine: the root administers it, the gateway role
    // uses it only through AgentCore (KMS refuses a key policy naming a role that does not exist yet).
    const viaAgentCore = { StringEquals: { "kms:ViaService": `bedrock-agentcore.${REGION}.amazonaws.com` } };
    const key = m("noCustomerKey") ? undefined : new aws.kms.Key("gateway-key", {
        enableKeyRotation: !m("keyNoRotation"),
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${HUB}:root` }, Action: "kms:*", Resource: "*" },
                { Sid: "GatewayRole", Effect: "Allow", Principal: { AWS: roleArn }, Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: "*", ...(m("keyRoleDirect") ? {} : { Condition: viaAgentCore }) },
                ...(m("keyPolicyStar") ? [{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] : []),
            ],
        }),
    }, { provider: hub, dependsOn: [gatewayRole] });
    if (key) {
        new awsnative.iam.RolePolicy("gateway-key-use", {
            roleName: gatewayRole.name,
            policyName: "key",
            policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: key.arn, Condition: viaAgentCore }] },
        }, { provider: hubNative });
    }

    const engine = new aws.bedrock.AgentcorePolicyEngine("engine", { name: "org_tools_engine", encryptionKeyArn: key?.arn }, { provider: hub });
    const gateway = new aws.bedrock.AgentcoreGateway("gateway", {
        name: m("gatewayNameTooLong") ? "g".repeat(49) : GATEWAY,
        roleArn,
        protocolType: "MCP",
        authorizerType: m("authNone") ? "NONE" : m("jwtNoAudience") ? "CUSTOM_JWT" : "AWS_IAM",
        authorizerConfiguration: m("jwtNoAudience") ? { customJwtAuthorizer: { discoveryUrl: "https://issuer.example.com/.well-known/openid-configuration" } } : undefined,
        policyEngineConfiguration: m("noEngine") ? undefined : { arn: engine.policyEngineArn, mode: m("engineLogOnly") ? "LOG_ONLY" : "ENFORCE" },
        exceptionLevel: m("debug") ? "DEBUG" : undefined,
        kmsKeyArn: key?.arn,
    }, { provider: hub, dependsOn: [gatewayRole] });

    new aws.bedrock.AgentcoreGatewayTarget("refunds-target", {
        gatewayIdentifier: gateway.gatewayId,
        name: "refunds",
        credentialProviderConfiguration: { gatewayIamRole: {} },
        targetConfiguration: { mcp: { lambda: { lambdaArn: fnArn, toolSchema: { inlinePayloads: [{ name: "process_refund", description: "Refund an order", inputSchema: { type: "object", properties: [{ name: "orderId", type: "string", required: true }, { name: "amount", type: "integer", required: true }] } }] } } } },
    }, { provider: hub });
    new aws.bedrock.AgentcoreGatewayTarget("reservations-target", {
        gatewayIdentifier: gateway.gatewayId,
        name: "reservations",
        credentialProviderConfiguration: { gatewayIamRole: {} },
        targetConfiguration: { mcp: { apiGateway: { restApiId: api.id, stage: "v1", apiGatewayToolConfiguration: {
            toolFilters: [{ filterPath: itemPath, methods: ["GET"] }, { filterPath: "/reservations", methods: ["POST"] }],
            toolOverrides: [{ name: "CheckReservation", path: itemPath, method: "GET", description: "Look up" }, { name: "CreateReservation", path: "/reservations", method: "POST", description: "Book" }],
        } } } },
    }, { provider: hub, dependsOn: [deployment] });

    new aws.bedrock.AgentcorePolicy("support-refunds", {
        name: "support_refunds",
        policyEngineId: engine.policyEngineId,
        definition: { cedar: { statement: pulumi.interpolate`permit(principal is AgentCore::IamEntity, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${gateway.gatewayArn}") when { principal.id like "arn:aws:sts::${SPOKE}:assumed-role/support-agent/*" && context.input.amount < 1000 };` } },
    }, { provider: hub });

    // I14: vended logs to a log group, traces to X-Ray, and a trail of the gateway's data events.
    const logGroup = new aws.cloudwatch.LogGroup("gateway-logs", { name: `/aws/vendedlogs/bedrock-agentcore/gateway/APPLICATION_LOGS/${GATEWAY}`, retentionInDays: 365 }, { provider: hub });
    const deliver = (kind: string, logType: string, destination: aws.cloudwatch.LogDeliveryDestinationArgs, withDelivery = true) => {
        const source = new aws.cloudwatch.LogDeliverySource(`gateway-${kind}-source`, { name: `${GATEWAY}-${kind}`, logType, resourceArn: gateway.gatewayArn }, { provider: hub });
        const target = new aws.cloudwatch.LogDeliveryDestination(`gateway-${kind}-destination`, { name: `${GATEWAY}-${kind}`, ...destination }, { provider: hub });
        if (withDelivery) new aws.cloudwatch.LogDelivery(`gateway-${kind}-delivery`, { deliverySourceName: source.name, deliveryDestinationArn: target.arn }, { provider: hub });
    };
    deliver("logs", "APPLICATION_LOGS", { deliveryDestinationConfiguration: { destinationResourceArn: logGroup.arn } });
    deliver("traces", "TRACES", { deliveryDestinationType: "XRAY" }, !m("noTracesDelivery"));
    const auditBucket = new aws.s3.Bucket("audit", { bucket: `${GATEWAY}-audit-${HUB}` }, { provider: hub });
    new aws.cloudtrail.Trail("audit", {
        name: `${GATEWAY}-audit`,
        s3BucketName: auditBucket.id,
        enableLogging: !m("trailLoggingOff"),
        advancedEventSelectors: [{
            name: "gateway tool calls",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: [m("trailOtherResourceType") ? "AWS::S3::Object" : "AWS::BedrockAgentCore::Gateway"] },
                { field: "resources.ARN", equals: [gateway.gatewayArn] },
            ],
        }],
    }, { provider: hub });

    // I14: alarms on the gateway's SystemErrors and Throttles (no actions: state changes reach EventBridge).
    if (!m("noAlarms")) {
        for (const metric of ["SystemErrors", "Throttles"]) {
            new aws.cloudwatch.MetricAlarm(`gateway-${metric}`, {
                name: `${GATEWAY}-${metric}`, namespace: "AWS/Bedrock-AgentCore", metricName: metric, dimensions: { Resource: gateway.gatewayArn },
                statistic: "Sum", period: 300, evaluationPeriods: 1, threshold: 5, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
            }, { provider: hub });
        }
    }

    // The gateway's resource policy: consumers one by one, or, for scale, a role path.
    const callerArn = `arn:aws:iam::${SPOKE}:role/agentcore-callers/support-agent`;
    const grant = m("wholeAccountGrant") ? { AWS: `arn:aws:iam::${SPOKE}:root` } : m("grantStar") ? "*" : { AWS: callerArn };
    new aws.bedrock.AgentcoreResourcePolicy("gateway-grants", {
        resourceArn: gateway.gatewayArn,
        policy: gateway.gatewayArn.apply((arn) => JSON.stringify({
            Version: "2012-10-17",
            Statement: (m("resourcePolicyTooBig") ? Array.from({ length: 120 }, (_, i) => i) : [0]).map((i) => ({
                Sid: `Consumer${i}`, Effect: "Allow", Principal: grant, Action: m("grantWrongAction") ? "bedrock-agentcore:*" : "bedrock-agentcore:InvokeGateway", Resource: arn,
            })),
        })),
    }, { provider: hub });

    // The spoke's caller role.
    new aws.iam.Role("support-agent", {
        name: "support-agent",
        path: "/agentcore-callers/",
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: m("spokeTrustStar") ? { AWS: "*" } : { Service: "bedrock-agentcore.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": SPOKE } } }] }),
        inlinePolicies: [{
            name: "invoke-hub",
            // The insecure edit is a literal, so it is known at preview; the secure one embeds the new gateway's ARN.
            policy: m("spokeResourceStar")
                ? JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: "*" }] })
                : gateway.gatewayArn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: arn }] })),
        }],
    }, { provider: spoke });

    return { gatewayArn: gateway.gatewayArn };
}
