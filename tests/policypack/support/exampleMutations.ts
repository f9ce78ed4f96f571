import * as pulumi from "@pulumi/pulumi";
import * as path from "path";

/**
 * Insecure edits of the reference example (examples/hub-and-spoke, built with our components),
 * made the way a team could make them: a stack transformation rewriting what the components
 * register. Where a component declares a template (Cedar, grants) the edit rewrites the
 * declaration and the value alike, so the pack sees one consistent, insecure program.
 */
export type ExampleMutation =
    | "gatewayAuthNone" | "gatewayDebug" | "gatewayLogOnly" | "policyLogOnly" | "trustNoSourceAccount" | "roleResourceStar"
    | "bodyMethodNone" | "apiPolicyAllowAll" | "apiEndpointPrivate" | "cedarUnknownTool" | "cedarPermitAll" | "cedarSyntax"
    | "grantWholeAccount" | "grantForeignGateway" | "spokeExtraAction" | "deploymentNoTriggers";

type Props = Record<string, unknown>;

function mapCedar(props: Props, edit: (text: string) => string): Props {
    if (Array.isArray(props.cedarPolicyTemplates)) {
        return { ...props, cedarPolicyTemplates: (props.cedarPolicyTemplates as { name: string; statement: string }[]).map((p, i) => (i === 0 ? { ...p, statement: edit(p.statement) } : p)) };
    }
    return props;
}

/** The OpenAPI body with its first operation's x-amazon-apigateway-auth set to `type` (other leaves untouched). */
function withFirstOperationAuth(body: Props, type: string): Props {
    const paths = body.paths as Record<string, Record<string, Props>>;
    const [first] = Object.keys(paths);
    const [method] = Object.keys(paths[first]);
    return { ...body, paths: { ...paths, [first]: { ...paths[first], [method]: { ...paths[first][method], "x-amazon-apigateway-auth": { type } } } } };
}

const FIRST_POLICY = "hub-policy-support_refunds_under_1000";

function transformation(mutation: ExampleMutation): pulumi.ResourceTransformation {
    return ({ type, name, props, opts }) => {
        const p = props as Props;
        const keep = { props: p, opts };
        const out = (next: Props) => ({ props: next, opts });
        switch (mutation) {
            case "gatewayAuthNone":
                return type === "aws-native:bedrockagentcore:Gateway" ? out({ ...p, authorizerType: "NONE" }) : keep;
            case "gatewayDebug":
                return type === "aws-native:bedrockagentcore:Gateway" ? out({ ...p, exceptionLevel: "DEBUG" }) : keep;
            case "gatewayLogOnly":
                return type === "aws-native:bedrockagentcore:Gateway" ? out({ ...p, policyEngineConfiguration: { ...(p.policyEngineConfiguration as Props), mode: "LOG_ONLY" } }) : keep;
            case "policyLogOnly":
                return type === "aws-native:bedrockagentcore:Policy" ? out({ ...p, enforcementMode: "LOG_ONLY" }) : keep;
            case "trustNoSourceAccount":
                return type === "aws-native:iam:Role" && name === "hub-gateway-role"
                    ? out({ ...p, assumeRolePolicyDocument: pulumi.output(p.assumeRolePolicyDocument as object).apply((d) => JSON.parse(JSON.stringify(d).replace(/"StringEquals":\{"aws:SourceAccount":"\d+"\},?/, ""))) })
                    : keep;
            case "roleResourceStar":
                // Plain edits of the structured document: an apply over its unknown leaves would hide the whole document at preview.
                return type === "aws-native:iam:RolePolicy" ? out({ ...p, policyDocument: { ...(p.policyDocument as Props), Statement: [...((p.policyDocument as { Statement: object[] }).Statement), { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }] } }) : keep;
            case "bodyMethodNone":
                return type === "aws-native:apigateway:RestApi" ? out({ ...p, body: withFirstOperationAuth(p.body as Props, "NONE") }) : keep;
            case "apiPolicyAllowAll":
                return type === "aws-native:apigateway:RestApi" ? out({ ...p, policy: pulumi.output(p.policy as object).apply((d) => ({ ...(d as Props), Statement: ((d as { Statement: { Effect: string }[] }).Statement).filter((s) => s.Effect !== "Deny") })) }) : keep;
            case "apiEndpointPrivate":
                return type === "aws-native:apigateway:RestApi" ? out({ ...p, endpointConfiguration: { types: ["PRIVATE"] } }) : keep;
            case "cedarUnknownTool":
            case "cedarPermitAll":
            case "cedarSyntax": {
                const edit = (text: string) =>
                    mutation === "cedarUnknownTool" ? text.replace("refunds___process_refund", "refunds___delete_everything") : mutation === "cedarPermitAll" ? "permit(principal, action, resource);" : `${text} @@`;
                if (type === "agentcore-hub:index:AgentGatewayHub") return out(mapCedar(p, edit));
                if (type === "aws-native:bedrockagentcore:Policy" && name === FIRST_POLICY) {
                    return out({ ...p, definition: pulumi.output(p.definition as object).apply((d) => ({ cedar: { statement: edit((d as { cedar: { statement: string } }).cedar.statement) } })) });
                }
                return keep;
            }
            case "grantWholeAccount":
            case "grantForeignGateway": {
                const edit = (doc: string) =>
                    mutation === "grantWholeAccount"
                        ? doc.replace(/arn:aws:iam::222222222222:role\/agentcore-callers\/support-agent|\{\{agentcore-hub:role-arn:\/agentcore-callers\/support-agent\}\}/, "arn:aws:iam::222222222222:root")
                        : doc.replace(/"Resource":"[^"]+"/, '"Resource":"arn:aws:bedrock-agentcore:us-east-1:999999999999:gateway/other-abcdefghij"');
                if (type === "agentcore-hub:index:GatewayConsumerGrants") {
                    return out({ ...p, resourcePolicyTemplate: pulumi.output(p.resourcePolicyTemplate as string).apply(edit) });
                }
                if (type === "aws-native:bedrockagentcore:ResourcePolicy") return out({ ...p, policy: pulumi.output(p.policy as string).apply(edit) });
                return keep;
            }
            case "deploymentNoTriggers":
                return type === "aws:apigateway/deployment:Deployment" ? out({ ...p, triggers: undefined }) : keep;
            case "spokeExtraAction":
                return type === "aws-native:iam:Role" && name === "support-agent-role"
                    ? out({ ...p, policies: [...(p.policies as object[]), { policyName: "extra", policyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] } }] })
                    : keep;
        }
    };
}

const EXAMPLE_DIR = path.resolve(__dirname, "../../../examples/hub-and-spoke");

/** The example program, optionally with one insecure edit; run it with runUnderMocks. */
export function exampleProgram(mutation?: ExampleMutation): () => unknown {
    return () => {
        if (mutation) pulumi.runtime.registerStackTransformation(transformation(mutation));
        for (const file of Object.keys(require.cache)) if (file.startsWith(EXAMPLE_DIR)) delete require.cache[file];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(EXAMPLE_DIR);
    };
}
