/**
 * The resource types the pack understands, for both providers: `@pulumi/aws-native` (what our
 * components emit) and bridged `@pulumi/aws` (what hand-written programs often use).
 */
export const T = {
    gateway: ["aws-native:bedrockagentcore:Gateway", "aws:bedrock/agentcoreGateway:AgentcoreGateway"],
    gatewayTarget: ["aws-native:bedrockagentcore:GatewayTarget", "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget"],
    policyEngine: ["aws-native:bedrockagentcore:PolicyEngine", "aws:bedrock/agentcorePolicyEngine:AgentcorePolicyEngine"],
    cedarPolicy: ["aws-native:bedrockagentcore:Policy", "aws:bedrock/agentcorePolicy:AgentcorePolicy"],
    resourcePolicy: ["aws-native:bedrockagentcore:ResourcePolicy", "aws:bedrock/agentcoreResourcePolicy:AgentcoreResourcePolicy"],
    /** No @pulumi/aws equivalent in the installed version (node_modules/@pulumi/aws/bedrock/ has no rate-limit type). */
    gatewayRateLimit: ["aws-native:bedrockagentcore:GatewayRateLimit"],
    role: ["aws-native:iam:Role", "aws:iam/role:Role"],
    rolePolicy: ["aws-native:iam:RolePolicy", "aws:iam/rolePolicy:RolePolicy"],
    managedPolicy: ["aws-native:iam:ManagedPolicy", "aws:iam/policy:Policy"],
    /** Resources that attach managed policies to roles (model/rolePermissions.ts reads each one's role and ARN properties). */
    rolePolicyAttachment: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment", "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"],
    restApi: ["aws-native:apigateway:RestApi", "aws:apigateway/restApi:RestApi"],
    restApiPolicy: ["aws:apigateway/restApiPolicy:RestApiPolicy"],
    apiResource: ["aws-native:apigateway:Resource", "aws:apigateway/resource:Resource"],
    method: ["aws-native:apigateway:Method", "aws:apigateway/method:Method"],
    deployment: ["aws-native:apigateway:Deployment", "aws:apigateway/deployment:Deployment"],
    stage: ["aws-native:apigateway:Stage", "aws:apigateway/stage:Stage"],
    /** A Lambda target's function, whether a component created it or the program passed its own (components/targets/specs.ts). */
    lambdaFunction: ["aws-native:lambda:Function", "aws:lambda/function:Function"],
    /** A function's resource-based permission (LambdaTarget names the gateway role in one). */
    lambdaPermission: ["aws-native:lambda:Permission", "aws:lambda/permission:Permission"],
    /** The gateway's perimeter (I13): web ACLs, their associations with resources, their logging. */
    webAcl: ["aws:wafv2/webAcl:WebAcl", "aws-native:wafv2:WebAcl"],
    webAclAssociation: ["aws:wafv2/webAclAssociation:WebAclAssociation", "aws-native:wafv2:WebAclAssociation"],
    wafLogging: ["aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "aws-native:wafv2:LoggingConfiguration"],
    /** Interface endpoints; those of AgentCore's gateway service carry an endpoint policy the pack checks (I8). */
    vpcEndpoint: ["aws:ec2/vpcEndpoint:VpcEndpoint", "aws-native:ec2:VpcEndpoint"],
    /** A gateway's vended logs and traces (I14): source on its ARN, destination, the delivery pairing them. */
    logDeliverySource: ["aws:cloudwatch/logDeliverySource:LogDeliverySource", "aws-native:logs:DeliverySource"],
    logDeliveryDestination: ["aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "aws-native:logs:DeliveryDestination"],
    logDelivery: ["aws:cloudwatch/logDelivery:LogDelivery", "aws-native:logs:Delivery"],
    /** CloudTrail trails whose advanced event selectors may record a gateway's tool calls (I14). */
    trail: ["aws:cloudtrail/trail:Trail", "aws-native:cloudtrail:Trail"],
    /** CloudWatch alarms; those on AWS/Bedrock-AgentCore metrics of a gateway's Resource dimension are its alarms (I14). */
    metricAlarm: ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws-native:cloudwatch:Alarm"],
    /** A KMS key a gateway or policy engine encrypts with: bridged `policy` (JSON text), aws-native `keyPolicy` (structured). */
    kmsKey: ["aws-native:kms:Key", "aws:kms/key:Key"],
    /** A bridged key's policy set apart from the key (`keyId`, `policy`); aws-native has no such type. */
    kmsKeyPolicy: ["aws:kms/keyPolicy:KeyPolicy"],
} as const;

export type Kind = keyof typeof T;

const KIND_OF = new Map<string, Kind>(Object.entries(T).flatMap(([kind, types]) => types.map((t) => [t, kind as Kind] as [string, Kind])));

export function kindOf(type: string): Kind | undefined {
    return KIND_OF.get(type);
}

/** Bridged (`@pulumi/aws`) types name properties differently from aws-native ones. */
export function isBridged(type: string): boolean {
    return type.startsWith("aws:");
}

/** Types of our own components, whose declared templates the pack may read (see model/declared.ts). */
export const COMPONENT_TYPES = {
    hub: "agentcore-hub:index:AgentGatewayHub",
    grants: "agentcore-hub:index:GatewayConsumerGrants",
    /** The CUSTOM_JWT gateway's resource policy ("*" narrowed to a network); declares its template like grants. */
    jwtAccess: "agentcore-hub:index:JwtGatewayAccess",
} as const;

/** Our components that declare a gateway resource-policy template. */
export function declaresResourcePolicy(type: string): boolean {
    return type === COMPONENT_TYPES.grants || type === COMPONENT_TYPES.jwtAccess;
}
