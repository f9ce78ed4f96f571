import { CFN_LIMITS } from "./cfnLimits.generated";
import { Problem, problem } from "./problems";

const TARGET_NAME = CFN_LIMITS["AWS::BedrockAgentCore::GatewayTarget"].properties.Name;
const POLICY_NAME = CFN_LIMITS["AWS::BedrockAgentCore::Policy"].properties.Name;
const ENGINE_NAME = CFN_LIMITS["AWS::BedrockAgentCore::PolicyEngine"].properties.Name;

/**
 * Name rules AgentCore, IAM and API Gateway enforce at create time. Checking them before
 * anything is registered keeps a deploy from failing half-way (I12).
 */
export interface NameRule {
    what: string;
    pattern: RegExp;
    maxLength: number;
    describe: string;
}

export const NAME_RULES = {
    // The schema allows ^([0-9a-zA-Z][-]?){1,100}$; the AgentCore devguide (CreateGateway) says 48,
    // the stricter rule, so ours.
    gateway: {
        what: "gateway name",
        pattern: /^([0-9a-zA-Z][-]?){1,48}$/,
        maxLength: 48,
        describe: "1-48 letters or digits, single hyphens between them",
    },
    target: {
        what: "target name",
        pattern: new RegExp(TARGET_NAME.pattern),
        // The pattern caps letters and digits at 100 (each may be followed by one hyphen); the
        // whole name is capped at 100 too, the stricter reading (assumed, README "Limits").
        maxLength: 100,
        describe: "letters or digits with single hyphens (no underscores: '___' separates target and tool)",
    },
    tool: {
        what: "tool name",
        pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]|_(?!__))*$/,
        maxLength: 64,
        describe: "letters, digits, '-' and '_', starting with a letter or digit, never '___' (it separates target and tool)",
    },
    policy: {
        what: "Cedar policy name",
        pattern: new RegExp(POLICY_NAME.pattern),
        maxLength: POLICY_NAME.maxLength,
        describe: "a letter, then letters, digits or '_', at most 48 characters",
    },
    policyEngine: {
        what: "policy engine name",
        pattern: new RegExp(ENGINE_NAME.pattern),
        maxLength: ENGINE_NAME.maxLength,
        describe: "a letter, then letters, digits or '_', at most 48 characters",
    },
    // IAM's CloudFormation schemas publish no patterns: these are the IAM API reference's (CreateRole).
    role: {
        what: "IAM role name",
        pattern: /^[\w+=,.@-]+$/,
        maxLength: 64,
        describe: "1-64 characters from letters, digits and '+=,.@_-'",
    },
    rolePath: {
        what: "IAM role path",
        pattern: /^\/(?:[\x21-\x2E\x30-\x7E]+\/)*$/,
        maxLength: 512,
        describe: "'/' or '/segment/.../' with printable ASCII",
    },
    restApi: {
        what: "REST API name",
        pattern: /^[\x20-\x7E]+$/,
        maxLength: 1024,
        describe: "printable ASCII",
    },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** The problem with a name, if any; `argument` is the argument the user set it through. */
export function checkName(kind: NameKind, value: string, argument: string): Problem | undefined {
    const rule: NameRule = NAME_RULES[kind];
    if (value.length === 0 || value.length > rule.maxLength || !rule.pattern.test(value)) {
        return problem(
            "I12",
            `${argument} = ${JSON.stringify(value)} is not a valid ${rule.what}: ${rule.describe}` +
                (value.length > rule.maxLength ? ` (it has ${value.length} characters, the limit is ${rule.maxLength})` : "") +
                ".",
            `Choose a ${rule.what} of ${rule.describe}.`,
        );
    }
    return undefined;
}

/** Separator AgentCore puts between a target name and a tool name. */
export const TOOL_SEPARATOR = "___";

/**
 * The MCP tool name a gateway exposes, which is also the Cedar action id
 * (`AgentCore::Action::"<target>___<tool>"`). One helper so nobody spells it twice.
 */
export function toolActionName(targetName: string, toolName: string): string {
    return `${targetName}${TOOL_SEPARATOR}${toolName}`;
}

/** Splits `<target>___<tool>`; undefined when the name has no separator. */
export function splitToolActionName(action: string): { target: string; tool: string } | undefined {
    const at = action.indexOf(TOOL_SEPARATOR);
    if (at <= 0) return undefined;
    return { target: action.slice(0, at), tool: action.slice(at + TOOL_SEPARATOR.length) };
}
