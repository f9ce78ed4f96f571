import { checkRuleAt } from "../../invariants/schemaLimits";
import { checkTargetPlacement } from "../../invariants/targetPlacement";
import { isUnknown } from "../../invariants/unknown";
import { ModelResource, at, str } from "../model/resource";
import { CFN_TYPE_OF_KIND, packRules } from "../model/schemaLimits";
import { kindOf } from "../model/types";
import { Findings, add } from "./framework";

/**
 * I12 for one resource: every limit its CloudFormation schema publishes (lengths, patterns,
 * list and map sizes, enums, ranges), with the same check the components run; unknown values
 * are deferred by name unless another policy decides them.
 */
export function checkSchemaLimitsOf(out: Findings, r: ModelResource): void {
    const kind = kindOf(r.type);
    const cfnType = kind ? CFN_TYPE_OF_KIND[kind] : undefined;
    if (!cfnType) return;
    for (const rule of packRules(r.type, cfnType)) {
        add(out, r, checkRuleAt({ limits: rule.limits, source: `${cfnType} ${rule.property} (CloudFormation schema)` }, r.props, rule.path, rule.unknownDecided));
    }
    if (kind === "gatewayTarget") checkLambdaPlacement(out, r);
}

/**
 * A Lambda target's function must be in the gateway's Region. The target is created through a
 * provider of the gateway's Region (AgentCore's API is regional), so the provider's Region is
 * the gateway's; its account is not in the provider's properties, and the REST API rule
 * (account and Region) needs the API resource, so it stays with the components.
 */
function checkLambdaPlacement(out: Findings, r: ModelResource): void {
    const arn = str(at(r.props, "targetConfiguration", "mcp", "lambda", "lambdaArn"));
    const region = str(r.providerProps?.region);
    // An unknown function ARN is an output of a function AWS creates (in its provider's Region).
    if (arn === undefined || isUnknown(arn) || typeof region !== "string") return;
    const accountId = arn.split(":")[4] ?? "";
    add(out, r, checkTargetPlacement("lambda", arn, { accountId, region }, "targetConfiguration.mcp.lambda.lambdaArn"));
}
