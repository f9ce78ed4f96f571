import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AccountScope } from "../../invariants/arns";
import { ExistingFunction, OperationIntegration, RestOperation } from "./specs";
import { pathParameters } from "../../invariants/openApiTools";

/** OpenAPI 3 document of an IAM-only REST API, with API Gateway's extensions. */
export type OpenApiDocument = Record<string, unknown>;

export function functionArnOf(fn: aws.lambda.Function | ExistingFunction): pulumi.Input<string> {
    return fn instanceof aws.lambda.Function ? fn.arn : fn.arn;
}

function integrationOf(i: OperationIntegration, scope: pulumi.Output<AccountScope>): Record<string, unknown> {
    if ("lambda" in i) {
        return {
            type: "aws_proxy",
            httpMethod: "POST",
            uri: pulumi.interpolate`arn:${scope.partition}:apigateway:${scope.region}:lambda:path/2015-03-31/functions/${functionArnOf(i.lambda)}/invocations`,
            passthroughBehavior: "when_no_match",
        };
    }
    if ("http" in i) return { type: "http_proxy", httpMethod: i.http.method ?? "ANY", uri: i.http.uri };
    return {
        type: "mock",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        responses: { default: { statusCode: String(i.mock.statusCode ?? 200), responseTemplates: { "application/json": i.mock.body ?? "{}" } } },
    };
}

/**
 * The declared input minus path parameters, as a JSON request body: AgentCore builds the tool
 * from the exported OpenAPI, so an input not described here would not reach the tool (and a
 * Cedar condition on it could never match).
 */
function requestBodyOf(o: RestOperation): Record<string, unknown> {
    if (!o.inputSchema) return {};
    const params = new Set(pathParameters(o.path));
    const properties = Object.fromEntries(Object.entries(o.inputSchema.properties ?? {}).filter(([k]) => !params.has(k)));
    if (Object.keys(properties).length === 0) return {};
    const required = (o.inputSchema.required ?? []).filter((k) => !params.has(k));
    return { requestBody: { required: required.length > 0, content: { "application/json": { schema: { type: "object", properties, ...(required.length ? { required } : {}) } } } } };
}

/**
 * Every method AWS_IAM (`x-amazon-apigateway-auth`), named by `operationId` (the tool name
 * AgentCore reads), no API key. A structured body keeps its known parts visible to the policy
 * pack at preview even where an integration ARN is not known yet.
 */
export function buildOpenApi(title: string, description: string | undefined, operations: RestOperation[], scope: pulumi.Output<AccountScope>): OpenApiDocument {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const o of operations) {
        paths[o.path] ??= {};
        paths[o.path][o.method.toLowerCase()] = {
            operationId: o.toolName,
            description: o.description,
            parameters: pathParameters(o.path).map((p) => ({ name: p, in: "path", required: true, schema: { type: "string" } })),
            ...requestBodyOf(o),
            security: [{ sigv4: [] }],
            "x-amazon-apigateway-auth": { type: "AWS_IAM" },
            "x-amazon-apigateway-integration": integrationOf(o.integration, scope),
            responses: { "200": { description: "OK" } },
        };
    }
    return {
        openapi: "3.0.1",
        info: { title, version: "1.0", ...(description ? { description } : {}) },
        paths,
        components: { securitySchemes: { sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" } } },
    };
}
