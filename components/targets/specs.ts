import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ToolDefinition } from "../../invariants/toolSchema";

/** HTTP methods AgentCore can expose as tools. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

/** A Lambda function the hub account (or another account) already has, or that this program creates. */
export interface ExistingFunction {
    /** The function's exact ARN. */
    arn: pulumi.Input<string>;
    /**
     * The `aws` provider of the function's account when it is not the hub's: AWS lets a gateway
     * invoke a function in another account once the function's resource-based policy names the
     * gateway role, and that permission is created there. Refused without it.
     */
    provider?: aws.Provider;
    /**
     * Its name, when known: for a function of the hub's account the component then builds the
     * target's ARN from the hub's account, Region and this name, so the gateway role's
     * permission is decided at a first preview (components/targets/existingFunction.ts). A plain
     * `arn` must name this function.
     */
    name?: pulumi.Input<string>;
}

/** A function the component creates, named after the target so its ARN is known at preview. */
export interface NewFunction {
    code: pulumi.asset.Archive;
    handler: string;
    /** @default "nodejs20.x" */
    runtime?: string;
    /** @default 128 */
    memorySize?: number;
    /** @default 30 */
    timeout?: number;
    environment?: Record<string, pulumi.Input<string>>;
}

/**
 * A Lambda function exposed as MCP tools.
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-add-target-lambda.html
 */
export interface LambdaTargetSpec {
    kind: "lambda";
    /** Target name: letters, digits and single hyphens; tools are named `<target>___<tool>`. */
    name: string;
    description?: string;
    /** Exactly one of `function` (an `aws.lambda.Function` or an ARN) and `create`. */
    function?: aws.lambda.Function | ExistingFunction;
    create?: NewFunction;
    /** Inline tool schemas, validated with a JSON Schema validator at construction. */
    tools: ToolDefinition[];
}

/** How API Gateway serves one operation of an API the component creates. */
export type OperationIntegration =
    | { lambda: aws.lambda.Function | ExistingFunction }
    | { http: { uri: string; method?: HttpMethod } }
    | { mock: { statusCode?: number; body?: string } };

export interface RestOperation {
    /** Resource path, e.g. `/reservations/{id}`; no greedy `{proxy+}`. */
    path: string;
    method: HttpMethod;
    /** Becomes the OpenAPI operationId and the tool name. */
    toolName: string;
    description: string;
    integration: OperationIntegration;
    /** JSON Schema of the tool input, for Cedar typing of `context.input`. @default inferred from path parameters */
    inputSchema?: ToolDefinition["inputSchema"];
}

/** A REST API the component creates: IAM-only methods, a gateway-only resource policy, redeployed on change. */
export interface NewRestApi {
    operations: RestOperation[];
    /** @default "<hub>-<target>" */
    apiName?: string;
    description?: string;
}

/**
 * A REST API this program builds with raw `@pulumi/aws` resources. The component adds the
 * resource policy, the deployment (redeployed when methods or policy change) and the stage.
 * Its methods must use AWS_IAM (checked when their values are known, and by the policy pack).
 */
export interface ExistingRestApi {
    restApi: aws.apigateway.RestApi;
    /** Every method of the API (they must exist before the deployment). */
    methods: aws.apigateway.Method[];
    /** Integrations, so the deployment waits for them. */
    integrations?: pulumi.Resource[];
    /** The operations to expose as tools; each needs a tool name. */
    operations: { path: string; method: HttpMethod; toolName: string; description: string; inputSchema?: ToolDefinition["inputSchema"] }[];
}

/**
 * A REST API exposed as MCP tools. AgentCore requires a public REST API in the gateway's own
 * account and Region.
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-target-api-gateway.html
 */
export interface RestApiTargetSpec {
    kind: "restApi";
    name: string;
    description?: string;
    /** @default "v1" */
    stageName?: string;
    /** Exactly one of `create` and `existing`. */
    create?: NewRestApi;
    existing?: ExistingRestApi;
}

export type TargetSpec = LambdaTargetSpec | RestApiTargetSpec;
