import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { executeApiMethodArn, executeApiPath } from "../../invariants/arns";
import { buildRestApiResourcePolicy } from "../../invariants/documents/restApiPolicy";
import { buildApiGatewayIntegrationPermission } from "../../invariants/documents/lambdaPermission";
import { checkMethodAuthorization } from "../../invariants/restApiConfig";
import { checkTargetPlacement } from "../../invariants/targetPlacement";
import { formatProblem } from "../../invariants/problems";
import { TargetTools } from "../../invariants/toolSchema";
import { DEFAULT_STAGE, TYPES } from "../hub/constants";
import { registerGatewayTarget } from "./gatewayTarget";
import { HubContext } from "./hubContext";
import { buildOpenApi, functionArnOf } from "./openApi";
import { HttpMethod, RestApiTargetSpec } from "./specs";
import { targetTools } from "./tools";

export interface RestApiTargetArgs {
    spec: RestApiTargetSpec;
    hub: HubContext;
}

interface Exposed {
    path: string;
    method: HttpMethod;
    toolName: string;
    description: string;
}

function sha256(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

/**
 * A REST API exposed through the hub gateway:
 * - every exposed method uses AWS_IAM (I4);
 * - the resource policy admits this gateway by either path AWS may present its call (its role's
 *   session, or the AgentCore service with aws:SourceArn = this gateway) and denies everyone
 *   else, the hub account included (I5);
 * - a new deployment follows any change to the methods or the policy (I6);
 * - the gateway role may invoke exactly the exposed `<api>/<stage>/<METHOD>/<path>` (I3).
 */
export class RestApiTarget extends pulumi.ComponentResource {
    readonly targetName: string;
    readonly restApiId: pulumi.Output<string>;
    readonly stageName: string;
    /** execute-api ARNs of the exposed methods: what the gateway role may invoke. */
    readonly methodArns: pulumi.Output<string>[];
    readonly tools: TargetTools;
    gatewayTarget?: awsnative.bedrockagentcore.GatewayTarget;
    private readonly exposed: Exposed[];
    private readonly stage: aws.apigateway.Stage;
    private readonly logicalName: string;

    constructor(name: string, args: RestApiTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(TYPES.restApiTarget, name, {}, opts);
        const { spec, hub } = args;
        this.logicalName = name;
        this.targetName = spec.name;
        this.stageName = spec.stageName ?? DEFAULT_STAGE;
        this.tools = targetTools(spec);
        this.exposed = (spec.create?.operations ?? spec.existing!.operations).map((o) => ({ path: o.path, method: o.method, toolName: o.toolName, description: o.description }));

        const policy = pulumi.all([hub.gatewayRoleArn, hub.gatewaySourceArn, hub.scope]).apply(([roleArn, sourceArn, scope]) =>
            buildRestApiResourcePolicy({ gatewayRoleArn: roleArn, gatewaySourceArn: sourceArn, hubAccountId: scope.accountId, exposed: this.exposed.map((e) => ({ stage: this.stageName, method: e.method, path: e.path })) }),
        );

        const { restApiId, deploymentInputs, deps } = spec.create ? this.createApi(name, spec, hub, policy) : this.adoptApi(name, spec, policy, hub);
        this.restApiId = restApiId;

        const deployment = new aws.apigateway.Deployment(`${name}-deployment`, {
            restApi: restApiId,
            description: `Deployed by pulumi-agentcore-hub for gateway ${hub.gatewayName}`,
            // Any change to the methods or the resource policy replaces the deployment (I6).
            triggers: { redeployment: deploymentInputs.apply((text) => sha256(text)) },
        }, { parent: this, dependsOn: deps });
        this.stage = new aws.apigateway.Stage(`${name}-stage`, {
            restApi: restApiId,
            deployment: deployment.id,
            stageName: this.stageName,
            tags: hub.tags,
        }, { parent: this });

        this.methodArns = this.exposed.map((e) => pulumi.all([hub.scope, restApiId]).apply(([s, id]) => executeApiMethodArn(s, id, this.stageName, e.method, e.path)));
        this.registerOutputs({ restApiId, stageName: this.stageName });
    }

    private createApi(name: string, spec: RestApiTargetSpec, hub: HubContext, policy: pulumi.Output<unknown>) {
        const create = spec.create!;
        const body = buildOpenApi(create.apiName ?? `${hub.gatewayName}-${spec.name}`, create.description, create.operations, hub.scope);
        const api = new awsnative.apigateway.RestApi(`${name}-api`, {
            name: create.apiName ?? `${hub.gatewayName}-${spec.name}`,
            description: create.description,
            body,
            // Structured: the pack reads the policy at preview, leaf by leaf.
            policy,
            endpointConfiguration: { types: ["REGIONAL"] },
            failOnWarnings: true,
            tags: hub.tags ? Object.entries(hub.tags).map(([key, value]) => ({ key, value })) : undefined,
        }, { parent: this });
        const deps: pulumi.Resource[] = [api];
        create.operations.forEach((o) => {
            if (!("lambda" in o.integration)) return;
            // The form the Lambda target rule admits on a function that is also a Lambda target (I5, invariants/documents/lambdaPermission.ts).
            deps.push(new aws.lambda.Permission(`${name}-${o.method.toLowerCase()}-${o.toolName}`, buildApiGatewayIntegrationPermission<pulumi.Input<string>>({
                functionArn: functionArnOf(o.integration.lambda),
                methodSourceArn: pulumi.interpolate`arn:${hub.scope.partition}:execute-api:${hub.scope.region}:${hub.scope.accountId}:${api.restApiId}/*/${o.method}${executeApiPath(o.path)}`,
            }), { parent: this }));
        });
        return { restApiId: api.restApiId, deploymentInputs: pulumi.jsonStringify({ body, policy }), deps };
    }

    private adoptApi(name: string, spec: RestApiTargetSpec, policy: pulumi.Output<unknown>, hub: HubContext) {
        const existing = spec.existing!;
        // The program's API may come from another provider: its execute-api ARN names its account
        // and Region, checked once known; the result feeds the deployment trigger, like the methods.
        const placement = pulumi.all([existing.restApi.executionArn, hub.scope]).apply(([arn, s]) => {
            const problems = checkTargetPlacement("restApi", arn, s, `target "${spec.name}" REST API`).problems;
            if (problems.length) throw new pulumi.ResourceError(`RestApiTarget "${name}": ${problems.map(formatProblem).join("; ")}`, this);
            return arn;
        });
        const apiPolicy = new aws.apigateway.RestApiPolicy(`${name}-policy`, {
            restApiId: existing.restApi.id,
            policy: policy.apply((p) => JSON.stringify(p)),
        }, { parent: this });
        // The methods are the program's own resources: their auth is checked once known (the
        // policy pack checks it at preview too). The result feeds the deployment trigger, so a
        // violation stops the deployment rather than passing unnoticed.
        const methodFacts = pulumi.all(existing.methods.map((m) => pulumi.all([m.httpMethod, m.resourceId, m.authorization, m.apiKeyRequired]))).apply((facts) => {
            const problems = facts.flatMap(([httpMethod, resourceId, authorization, apiKeyRequired]) =>
                checkMethodAuthorization({ httpMethod, path: resourceId, authorization, apiKeyRequired }).problems,
            );
            if (problems.length) throw new pulumi.ResourceError(`RestApiTarget "${name}": ${problems.map(formatProblem).join("; ")}`, this);
            return facts;
        });
        return {
            restApiId: existing.restApi.id,
            // The placement gates the trigger without entering its hash (no redeployment of its own).
            deploymentInputs: pulumi.all([pulumi.jsonStringify({ methods: methodFacts, policy }), placement]).apply(([text]) => text),
            deps: [apiPolicy, ...existing.methods, ...(existing.integrations ?? [])],
        };
    }

    /** Registers the gateway target; called by the hub once the gateway exists. */
    attach(gatewayId: pulumi.Input<string>, dependsOn: pulumi.Resource[], description?: string): awsnative.bedrockagentcore.GatewayTarget {
        this.gatewayTarget = registerGatewayTarget(this.logicalName, this, {
            gatewayId,
            targetName: this.targetName,
            description,
            targetConfiguration: {
                mcp: {
                    apiGateway: {
                        restApiId: this.restApiId,
                        stage: this.stageName,
                        apiGatewayToolConfiguration: {
                            toolFilters: this.exposed.map((e) => ({ filterPath: e.path, methods: [e.method] })),
                            // Names every tool even when the API has no operationId (AgentCore fails without one).
                            toolOverrides: this.exposed.map((e) => ({ name: e.toolName, path: e.path, method: e.method, description: e.description })),
                        },
                    },
                },
            },
            dependsOn: [this.stage, ...dependsOn],
        });
        return this.gatewayTarget;
    }
}
