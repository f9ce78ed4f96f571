import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { lambdaFunctionArn } from "../../invariants/arns";
import { buildLambdaTargetPermission } from "../../invariants/documents/lambdaPermission";
import { formatProblem } from "../../invariants/problems";
import { checkTargetPlacement } from "../../invariants/targetPlacement";
import { TargetTools, ToolDefinition } from "../../invariants/toolSchema";
import { checkLambdaPermissionAccount } from "../../invariants/targetAccount";
import { TYPES } from "../hub/constants";
import { functionNameFor } from "../hub/rolePermissions";
import { existingFunctionArn } from "./existingFunction";
import { registerGatewayTarget } from "./gatewayTarget";
import { HubContext } from "./hubContext";
import { LambdaTargetSpec } from "./specs";

export interface LambdaTargetArgs {
    spec: LambdaTargetSpec;
    hub: HubContext;
}

/** AgentCore's tool schema shape (`SchemaDefinition`), from our validated JSON Schema subset. */
export function toToolDefinitionArgs(tool: ToolDefinition): awsnative.types.input.bedrockagentcore.GatewayTargetToolDefinitionArgs {
    return {
        name: tool.name,
        description: tool.description,
        inputSchema: tool.inputSchema as awsnative.types.input.bedrockagentcore.GatewayTargetSchemaDefinitionArgs,
        outputSchema: tool.outputSchema as awsnative.types.input.bedrockagentcore.GatewayTargetSchemaDefinitionArgs | undefined,
    };
}

/**
 * A Lambda function exposed through the hub gateway. The gateway role may invoke exactly this
 * function (the hub grants it); the function's resource policy names the gateway role, as the
 * AgentCore documentation prescribes.
 */
export class LambdaTarget extends pulumi.ComponentResource {
    readonly targetName: string;
    readonly functionArn: pulumi.Output<string>;
    readonly tools: TargetTools;
    /** Set once the hub attaches the target to its gateway. */
    gatewayTarget?: awsnative.bedrockagentcore.GatewayTarget;
    private readonly backing: pulumi.Resource[];
    private readonly logicalName: string;

    constructor(name: string, args: LambdaTargetArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(TYPES.lambdaTarget, name, {}, opts);
        this.logicalName = name;
        this.backing = [];
        const { spec, hub } = args;
        this.targetName = spec.name;
        this.tools = { targetName: spec.name, tools: spec.tools };

        if (spec.create) {
            const functionName = functionNameFor(hub.gatewayName, spec.name);
            const execRole = new aws.iam.Role(`${name}-exec`, {
                assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                managedPolicyArns: [hub.scope.apply((s) => `arn:${s.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`)],
                tags: hub.tags,
            }, { parent: this });
            const fn = new aws.lambda.Function(`${name}-fn`, {
                name: functionName,
                code: spec.create.code,
                handler: spec.create.handler,
                runtime: spec.create.runtime ?? "nodejs20.x",
                memorySize: spec.create.memorySize ?? 128,
                timeout: spec.create.timeout ?? 30,
                role: execRole.arn,
                environment: spec.create.environment ? { variables: spec.create.environment } : undefined,
                tags: hub.tags,
            }, { parent: this });
            // Built from known parts so the gateway role's policy is decidable at preview.
            this.functionArn = hub.scope.apply((s) => lambdaFunctionArn(s, functionName));
            this.backing.push(fn);
        } else {
            const given = spec.function instanceof aws.lambda.Function ? spec.function.arn : existingFunctionArn(spec.function!, hub.scope);
            if (spec.function instanceof aws.lambda.Function) this.backing.push(spec.function);
            // Checked once the ARN and the hub's Region are known; the permission and the target
            // read the checked ARN, so a function in another Region stops them.
            this.functionArn = pulumi.all([given, hub.scope]).apply(([arn, s]) => {
                const problems = checkTargetPlacement("lambda", arn, s, `target "${spec.name}" function`).problems;
                if (problems.length) throw new pulumi.ResourceError(`LambdaTarget "${name}": ${problems.map(formatProblem).join("; ")}`, this);
                return arn;
            });
        }

        const functionProviders = spec.function && !(spec.function instanceof aws.lambda.Function) ? spec.function.provider : undefined;
        // A function in another account: its permission is written there (invariants/targetAccount.ts).
        const functionArn = pulumi.all([this.functionArn, hub.scope]).apply(([arn, scope]) => {
            const wrong = checkLambdaPermissionAccount(arn, scope.accountId, functionProviders !== undefined, `${spec.name}: function.arn`);
            if (wrong) throw new pulumi.ResourceError(`LambdaTarget "${name}": ${formatProblem(wrong)}`, this);
            return arn;
        });
        // The one permission rule (invariants/documents/lambdaPermission.ts): the gateway role, nothing else.
        const permission = new aws.lambda.Permission(`${name}-gateway-invoke`, buildLambdaTargetPermission<pulumi.Input<string>>({
            functionArn,
            gatewayRoleArn: hub.gatewayRoleArn,
            gatewayName: hub.gatewayName,
        }), { parent: this, dependsOn: this.backing, ...(functionProviders ? { provider: functionProviders } : {}) });
        this.backing.push(permission);
        this.registerOutputs({ functionArn: this.functionArn });
    }

    /** Registers the gateway target; called by the hub once the gateway exists. */
    attach(gatewayId: pulumi.Input<string>, dependsOn: pulumi.Resource[], description?: string): awsnative.bedrockagentcore.GatewayTarget {
        this.gatewayTarget = registerGatewayTarget(this.logicalName, this, {
            gatewayId,
            targetName: this.targetName,
            description,
            targetConfiguration: { mcp: { lambda: { lambdaArn: this.functionArn, toolSchema: { inlinePayload: this.tools.tools.map(toToolDefinitionArgs) } } } },
            dependsOn: [...this.backing, ...dependsOn],
        });
        return this.gatewayTarget;
    }
}
