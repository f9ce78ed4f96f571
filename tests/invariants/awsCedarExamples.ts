import { TargetTools } from "../../invariants/toolSchema";

/**
 * AWS's own AgentCore policy examples, copied verbatim from the pages named in `source`, with
 * the tools each example's gateway exposes. The tool input schemas are not printed on those
 * pages; they are reconstructed from what the pages say of each parameter (e.g. "`amount` is a
 * `number` in the tool schema", "`riskFactors` is optional").
 */

export interface AwsCedarExample {
    title: string;
    source: string;
    statement: string;
    /** The definition AWS puts it under: cedar, or policy (Dogwood: temporal, guardrails). */
    language: "cedar" | "dogwood";
    gatewayArn: string;
    targets: TargetTools[];
    principalTypes?: ("IamEntity" | "OAuthUser")[];
    usesGuardrails: boolean;
}

const DEVGUIDE = "https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide";
const str = { type: "string" } as const;
const int = { type: "integer" } as const;

export const MY_GATEWAY = "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/my-gateway";
export const INSURANCE_GATEWAY = "arn:aws:bedrock-agentcore:us-west-2:123456789012:gateway/insurance-gw-a1b2c3d4e5";
export const REFUND_GATEWAY = "arn:aws:bedrock-agentcore:your-region:your-account-id:gateway/refund-gateway";

const REFUND_TARGET: TargetTools[] = [{ targetName: "RefundToolTarget", tools: [{ name: "refund", description: "", inputSchema: { type: "object", properties: { amount: int }, required: ["amount"] } }] }];

export const INSURANCE_TARGETS: TargetTools[] = [
    {
        targetName: "InsuranceAPI",
        tools: [
            { name: "get_contract", description: "", inputSchema: { type: "object", properties: { contractId: str }, required: ["contractId"] } },
            { name: "get_claim_status", description: "", inputSchema: { type: "object", properties: { claimId: str }, required: ["claimId"] } },
            {
                name: "file_claim",
                description: "",
                inputSchema: {
                    type: "object",
                    properties: { claimType: str, policyTermMonths: int, amount: { type: "number" }, description: str },
                    required: ["claimType", "policyTermMonths", "amount"],
                },
            },
            {
                name: "calculate_premium",
                description: "",
                inputSchema: {
                    type: "object",
                    properties: { coverageType: str, riskFactors: { type: "object", properties: { priorClaims: int, region: str } } },
                    required: ["coverageType"],
                },
            },
            { name: "approve_claim", description: "", inputSchema: { type: "object", properties: { claimId: str, approved: { type: "boolean" } }, required: ["claimId", "approved"] } },
            { name: "disburse_payment", description: "", inputSchema: { type: "object", properties: { claimId: str }, required: ["claimId"] } },
        ],
    },
];

const insurance = (title: string, statement: string, language: "cedar" | "dogwood" = "cedar", source = `${DEVGUIDE}/example-policies-action-resource.html`): AwsCedarExample => ({
    title,
    source,
    statement,
    language,
    gatewayArn: INSURANCE_GATEWAY,
    targets: INSURANCE_TARGETS,
    usesGuardrails: false,
});

const scope = (action: string) => `permit(
  principal,
  action == AgentCore::Action::"InsuranceAPI___${action}",
  resource == AgentCore::Gateway::"${INSURANCE_GATEWAY}"
)`;

export const AWS_CEDAR_EXAMPLES: AwsCedarExample[] = [
    {
        title: "Promotional period policy (time-based)",
        source: `${DEVGUIDE}/policy-time-based.html`,
        statement: `permit(
  principal,
  action == AgentCore::Action::"RefundToolTarget___refund",
  resource == AgentCore::Gateway::"${MY_GATEWAY}"
)
when {
  context.system.now >= datetime("2025-01-01T00:00:00Z") &&
  context.system.now < datetime("2025-01-31T23:59:59Z")
};`,
        language: "cedar",
        gatewayArn: MY_GATEWAY,
        targets: REFUND_TARGET,
        usesGuardrails: false,
    },
    {
        title: "Business hours policy (time-based)",
        source: `${DEVGUIDE}/policy-time-based.html`,
        statement: `permit(
  principal,
  action == AgentCore::Action::"RefundToolTarget___refund",
  resource == AgentCore::Gateway::"${MY_GATEWAY}"
)
when {
  duration("9h") <= context.system.now.toTime() &&
  context.system.now.toTime() <= duration("17h")
};`,
        language: "cedar",
        gatewayArn: MY_GATEWAY,
        targets: REFUND_TARGET,
        usesGuardrails: false,
    },
    {
        title: "OAuth user with a username tag and an amount limit",
        source: `${DEVGUIDE}/policy-understanding-cedar.html`,
        statement: `permit(
  principal is AgentCore::OAuthUser,
  action == AgentCore::Action::"RefundTool___process_refund",
  resource == AgentCore::Gateway::"${REFUND_GATEWAY}"
)
when {
  principal.hasTag("username") &&
  principal.getTag("username") == "John" &&
  context.input.amount < 500
};`,
        language: "cedar",
        gatewayArn: REFUND_GATEWAY,
        targets: [
            {
                targetName: "RefundTool",
                tools: [{ name: "process_refund", description: "", inputSchema: { type: "object", properties: { orderId: str, amount: int, reason: str }, required: ["orderId", "amount", "reason"] } }],
            },
        ],
        principalTypes: ["OAuthUser"],
        usesGuardrails: false,
    },
    insurance(
        "Permit several actions at once",
        `permit(
  principal,
  action in [
    AgentCore::Action::"InsuranceAPI___get_contract",
    AgentCore::Action::"InsuranceAPI___get_claim_status"
  ],
  resource == AgentCore::Gateway::"${INSURANCE_GATEWAY}"
);`,
    ),
    insurance("String equality", `${scope("file_claim")}
when {
  (context.input.claimType == "health" ||
   context.input.claimType == "property" ||
   context.input.claimType == "auto")
};`),
    insurance("Set membership", `${scope("file_claim")}
when {
  ["health", "property", "auto"].contains(context.input.claimType)
};`),
    insurance("Pattern matching", `${scope("calculate_premium")}
when {
  context.input.coverageType like "auto*"
};`),
    insurance("Integer comparison", `${scope("file_claim")}
when {
  context.input.policyTermMonths >= 12
};`),
    insurance("Decimal comparison", `${scope("file_claim")}
when {
  context.input.amount.lessThan(decimal("1000.00"))
};`),
    insurance("Boolean condition", `${scope("approve_claim")}
when {
  context.input.approved
};`),
    insurance("Nested object members", `${scope("calculate_premium")}
when {
  context.input has riskFactors &&
  context.input.riskFactors has priorClaims &&
  context.input.riskFactors.priorClaims == 0 &&
  context.input.riskFactors has region &&
  ["us-west", "us-east"].contains(context.input.riskFactors.region)
};`),
    insurance("Require an optional parameter (forbid form)", `forbid(
  principal,
  action == AgentCore::Action::"InsuranceAPI___file_claim",
  resource == AgentCore::Gateway::"${INSURANCE_GATEWAY}"
)
unless {
  context.input has description
};`),
    insurance("Stop all tool calls", `forbid(
  principal,
  action,
  resource is AgentCore::Gateway
);`),
    insurance(
        "Temporal policy: disburse only an approved claim",
        `permit (
  principal,
  action == AgentCore::Action::"InsuranceAPI___disburse_payment",
  resource == AgentCore::Gateway::"${INSURANCE_GATEWAY}"
)
when temporal {
  formerly within 1h AgentCore::Action::"InsuranceAPI___approve_claim"::response{
    eventResource: resource,
    output.claimId: context.input.claimId
  }
};`,
        "dogwood",
        `${DEVGUIDE}/policy-temporal-authoring.html`,
    ),
    ...["VIOLENCE", "JAILBREAK"].map((category): AwsCedarExample => ({
        title: `Guardrail policy block_${category.toLowerCase()} (AWS sample)`,
        source: "https://github.com/awslabs/amazon-bedrock-agentcore-samples/blob/main/01-features/07-centralize-and-govern-your-ai-infrastructure/02-policy/02-guardrails-in-policy/deploy.py",
        statement: `forbid(principal, action == AgentCore::Action::"ApplicationToolTarget___create_application", resource == AgentCore::Gateway::"${INSURANCE_GATEWAY}")
when guardrails {
  BedrockGuardrails::${category === "VIOLENCE" ? "ContentFilter" : "PromptAttack"}(["${category}"], [context.input.message])["${category}"]
  .confidenceScore
  .greaterThanOrEqual(decimal("${category === "VIOLENCE" ? "0.5" : "0.7"}"))
};`,
        language: "dogwood",
        gatewayArn: INSURANCE_GATEWAY,
        targets: [
            {
                targetName: "ApplicationToolTarget",
                tools: [
                    {
                        name: "create_application",
                        description: "",
                        inputSchema: { type: "object", properties: { applicant_region: str, coverage_amount: int, message: str }, required: ["applicant_region", "coverage_amount", "message"] },
                    },
                ],
            },
        ],
        usesGuardrails: true,
    })),
];

/** Forms AWS's pages say CreatePolicy rejects, with the page that says so. */
export const AWS_REJECTED_FORMS: { title: string; source: string; statement: string }[] = [
    {
        title: "A bare resource (\"a wildcard resource was detected\"); policy-scope.html still prints it as \"Blocks all actions\"",
        source: `${DEVGUIDE}/example-policies-action-resource.html`,
        statement: "forbid(principal, action, resource);",
    },
    {
        title: "A specific action with a type test instead of one gateway",
        source: `${DEVGUIDE}/policy-scope.html`,
        statement: `permit(principal, action == AgentCore::Action::"InsuranceAPI___get_contract", resource is AgentCore::Gateway);`,
    },
];
