import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope, gatewayArnPattern, roleArn as buildRoleArn } from "../../invariants/arns";
import { renderGatewayArn, statementLanguage } from "../../invariants/cedar";
import { TargetTools } from "../../invariants/toolSchema";
import { lookupAccountScope } from "../common/accountScope";
import { throwIfProblems } from "../common/validationError";
import { checkExplicitProviders } from "../common/explicitProviders";
import { GatewayConsumerGrants, GrantInvokeOptions, InvokeGrantee } from "../grants/gatewayConsumerGrants";
import { JwtGatewayAccess } from "../grants/jwtGatewayAccess";
import { JwtNetworkScope, checkGrantFitsAuthorizer } from "../../invariants/documents/jwtGatewayPolicy";
import { stackProduction } from "../common/productionMode";
import { LambdaTarget } from "../targets/lambdaTarget";
import { RestApiTarget } from "../targets/restApiTarget";
import { HubContext } from "../targets/hubContext";
import { LIMITS } from "../../invariants/limits";
import { formatProblem } from "../../invariants/problems";
import { lifecycleOptions } from "../../invariants/lifecycle";
import { DEFAULT_MCP_VERSIONS } from "../../invariants/mcpVersions";
import { AgentGatewayHubArgs } from "./args";
import { DEFAULT_ROLE_PATH, TYPES, defaultEngineName, defaultRoleName } from "./constants";
import { createGatewayRole, createGatewayRolePolicies } from "./gatewayRole";
import { planGatewayRolePolicies, placeholderScope } from "./rolePermissions";
import { validateHubArgs } from "./validation";
import { HubObservability, createHubObservability } from "./hubObservability";
import { createHubKey, validateEncryptionArgs } from "./hubKey";
import { hubLogGroupArns } from "./hubLogGroups";
import { hubFeatureSpec, plannedFeatureSpec, validateFeatureArgs, viaServiceFor } from "./features";
import { agentCoreViaService, buildFeatureStatements } from "../../invariants/documents/gatewayFeatures";
import { FAIL_CLOSE, checkWafArgs } from "../../invariants/waf";
import { GatewayWaf, createGatewayWaf } from "./webAcl";

/**
 * The central AgentCore Gateway of an organization, in the hub account (pass the hub account's
 * `aws` and `aws-native` providers in `providers`). Secure by construction:
 * - inbound auth AWS_IAM by default (I1);
 * - a service role that only AgentCore acting for this gateway can assume (I2), allowed exactly
 *   its targets and its policy engine (I3);
 * - REST API targets that only this gateway can invoke (I4-I6), Lambda targets on exact ARNs;
 * - a policy engine attached in ENFORCE, with Cedar policies validated against the declared
 *   tools and created one after another (I9, I10);
 * - consumers granted one by one through `grantInvoke` (I7), within AgentCore's limits (I12).
 * Every argument is validated before anything is registered.
 */
export class AgentGatewayHub extends pulumi.ComponentResource {
    readonly gatewayName: string;
    readonly gatewayId: pulumi.Output<string>;
    readonly gatewayArn: pulumi.Output<string>;
    readonly gatewayUrl: pulumi.Output<string>;
    /** Known at preview: built from account, path and name. */
    readonly roleArn: pulumi.Output<string>;
    readonly policyEngineArn: pulumi.Output<string>;
    readonly policyEngineId: pulumi.Output<string>;
    /**
     * The key the gateway and policy engine encrypt with (the passed `kmsKeyArn` or the hub's own);
     * undefined only with `encryption.awsOwnedKey` outside production. The hub's log group takes it.
     */
    readonly kmsKeyArn: pulumi.Output<string> | undefined;
    /** The account, Region and partition of the hub (from its provider). */
    readonly scope: pulumi.Output<AccountScope>;
    readonly targets: (LambdaTarget | RestApiTarget)[];
    /** The tools the gateway exposes, per target: the Cedar schema and access summary derive from them. */
    readonly tools: TargetTools[];
    readonly gateway: awsnative.bedrockagentcore.Gateway;
    readonly policies: awsnative.bedrockagentcore.Policy[];
    readonly authorizerType: "AWS_IAM" | "CUSTOM_JWT";
    /** The gateway's web ACL and its association (undefined with `waf: false`). */
    readonly waf?: GatewayWaf;
    /** Logs, traces, audit trail and alarms (I14): components/hub/hubObservability.ts. */
    readonly observability: HubObservability;
    private grants?: GatewayConsumerGrants | JwtGatewayAccess;
    private readonly logicalName: string;

    constructor(name: string, args: AgentGatewayHubArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const posture = stackProduction(args.production);
        throwIfProblems("AgentGatewayHub", name, [...posture.problems, ...validateHubArgs({ ...args, production: posture.production }), ...checkWafArgs(args.waf, posture.production), checkExplicitProviders("AgentGatewayHub", opts, args.allowDefaultProviders), ...validateEncryptionArgs(args, posture.production)]);
        // Declared as component inputs: the pack checks these templates at a first preview, while
        // the rendered statements still wait for the gateway's ARN (policypack/model/declared.ts).
        // Plain strings only: Node SDK 3.202+ serializes component args and sends them
        // (pulumi/pulumi sdk/nodejs/resource.ts:1576 at 1b5949891b3c); Outputs among them leave
        // promises pending at exit (pulumi/pulumi#23953). 3.270 has no opt-in option to set.
        const cedarPolicyTemplates = (args.policyEngine?.policies ?? []).map((p) => ({ name: p.name, statement: String(p.statement) }));
        // `production` too: the pack refuses a hub declaring non-production in a stack it treats as production.
        super(TYPES.hub, name, { gatewayName: args.gatewayName, cedarPolicyTemplates, production: posture.production }, opts);
        this.logicalName = name;
        this.gatewayName = args.gatewayName;
        const production = posture.production;
        const auth = args.inboundAuth ?? { type: "AWS_IAM" as const };
        this.authorizerType = auth.type;
        const engineSpec = args.policyEngine ?? {};
        const engineName = engineSpec.name ?? defaultEngineName(args.gatewayName);
        const roleName = args.role?.name ?? defaultRoleName(args.gatewayName);
        const rolePath = args.role?.path ?? DEFAULT_ROLE_PATH;
        const targetSpecs = args.targets ?? [];

        this.scope = lookupAccountScope(this);
        this.roleArn = this.scope.apply((s) => buildRoleArn(s.partition, s.accountId, rolePath, roleName));
        const hub: HubContext = {
            gatewayName: args.gatewayName,
            scope: this.scope,
            gatewayRoleArn: this.roleArn,
            gatewaySourceArn: this.scope.apply((s) => gatewayArnPattern(s, args.gatewayName)),
            tags: args.tags,
        };
        const roleInputs = { name, roleName, rolePath, gatewayName: args.gatewayName, engineName, scope: this.scope, permissionsBoundaryArn: args.role?.permissionsBoundaryArn, tags: args.tags };
        const role = createGatewayRole(roleInputs, this);

        // Targets' own resources first: APIs name the role in their resource policy.
        this.targets = targetSpecs.map((spec) =>
            spec.kind === "lambda"
                ? new LambdaTarget(`${name}-${spec.name}`, { spec, hub }, { parent: this, dependsOn: [role] })
                : new RestApiTarget(`${name}-${spec.name}`, { spec, hub }, { parent: this, dependsOn: [role] }),
        );
        this.tools = this.targets.map((t) => t.tools);
        // Feature ARNs are checked against the hub's account and Region once the provider answers
        // (at preview); a wrong one fails the registration that reads it.
        const checkedScope = (value: pulumi.Input<string>, check: (v: string, s: AccountScope) => void): pulumi.Output<string> =>
            pulumi.all([this.scope, value]).apply(([s, v]) => {
                check(v, s);
                return v;
            });
        const scopeCheck = (s: AccountScope, patch: Partial<AgentGatewayHubArgs>): void => {
            const problems = validateFeatureArgs({ gatewayName: args.gatewayName, ...patch }, s);
            if (problems.length > 0) throw new pulumi.ResourceError(problems.map(formatProblem).join("\n"), this);
        };
        // I15: the hub's own rotating key unless one is passed (or, outside production, AWS-owned keys are chosen).
        const ownKey = args.kmsKeyArn === undefined && args.encryption?.awsOwnedKey !== true
            ? createHubKey({ name, gatewayName: args.gatewayName, scope: this.scope, gatewayRoleArn: this.roleArn, role, encryption: args.encryption, tags: args.tags, logGroupArns: hubLogGroupArns(args, this.scope) }, this)
            : undefined;
        const kmsKeyArn = args.kmsKeyArn === undefined ? ownKey?.arn : checkedScope(args.kmsKeyArn, (v, s) => scopeCheck(s, { kmsKeyArn: v }));
        this.kmsKeyArn = kmsKeyArn;
        const interceptorArns = (args.interceptors ?? []).map((ic) => checkedScope(ic.lambdaArn, (v, s) => scopeCheck(s, { interceptors: [{ ...ic, lambdaArn: v }] })));
        const featureSpec = { ...hubFeatureSpec(args), kmsKeyArn, interceptorLambdaArns: interceptorArns };
        const featureStatements = buildFeatureStatements<pulumi.Input<string>>(featureSpec, undefined, viaServiceFor(this.scope));
        const plannedFeatures = buildFeatureStatements(plannedFeatureSpec(args, placeholderScope), placeholderScope, agentCoreViaService(placeholderScope.region));
        const permissions = createGatewayRolePolicies(
            roleInputs,
            role,
            this.targets.map((t) => ({ targetName: t.targetName, kind: t instanceof LambdaTarget ? "lambda" : "restApi", resources: t instanceof LambdaTarget ? [t.functionArn] : t.methodArns })),
            planGatewayRolePolicies(targetSpecs, placeholderScope, args.gatewayName, plannedFeatures),
            this,
            featureStatements,
        );

        // AgentCore's order: engine, then gateway, then policies (BRIEF §4).
        const engine = new awsnative.bedrockagentcore.PolicyEngine(`${name}-policy-engine`, {
            name: engineName,
            description: `Cedar policies of AgentCore gateway ${args.gatewayName}`,
            // Create-only: a new key replaces the engine (lifecycleOptions lists encryptionKeyArn).
            encryptionKeyArn: kmsKeyArn,
        }, { parent: this, ...lifecycleOptions("AWS::BedrockAgentCore::PolicyEngine") });
        this.policyEngineArn = engine.policyEngineArn;
        this.policyEngineId = engine.policyEngineId;

        this.gateway = new awsnative.bedrockagentcore.Gateway(`${name}-gateway`, {
            name: args.gatewayName,
            description: args.description,
            protocolType: "MCP",
            // Pinned: AgentCore cannot add versions in place (lifecycleOptions replaces instead).
            protocolConfiguration: { mcp: { supportedVersions: [...(args.mcpVersions ?? DEFAULT_MCP_VERSIONS)] } },
            // The known ARN (not role.arn) so the pack can pair gateway and role at preview.
            roleArn: this.roleArn,
            authorizerType: auth.type,
            authorizerConfiguration: auth.type === "CUSTOM_JWT"
                ? { customJwtAuthorizer: { discoveryUrl: auth.discoveryUrl, allowedAudience: auth.allowedAudiences, allowedClients: auth.allowedClients, allowedScopes: auth.allowedScopes } }
                : undefined,
            policyEngineConfiguration: { arn: engine.policyEngineArn, mode: engineSpec.mode ?? "ENFORCE" },
            exceptionLevel: args.exceptionLevel,
            kmsKeyArn,
            interceptorConfigurations: args.interceptors?.map((ic, n) => ({
                interceptor: { lambda: { arn: interceptorArns[n] } },
                interceptionPoints: ic.interceptionPoints,
                inputConfiguration: ic.inputConfiguration,
            })),
            // Fail closed: with a web ACL, a request WAF cannot evaluate is refused (I13).
            wafConfiguration: args.waf === false ? undefined : { failureMode: FAIL_CLOSE },
            tags: args.tags,
        }, { parent: this, dependsOn: [role, ...permissions, engine], ...lifecycleOptions("AWS::BedrockAgentCore::Gateway") });
        this.gatewayId = this.gateway.gatewayIdentifier;
        this.gatewayArn = this.gateway.gatewayArn;
        this.gatewayUrl = this.gateway.gatewayUrl;
        this.waf = args.waf === false ? undefined : createGatewayWaf(name, args.waf ?? {}, args.gatewayName, this.gateway.gatewayArn, this.scope, this, [this.gateway], args.tags, kmsKeyArn);

        // At most five target operations at once per gateway: target i waits for target i-5.
        const created: awsnative.bedrockagentcore.GatewayTarget[] = [];
        this.targets.forEach((t, i) => {
            const lane = i >= LIMITS.concurrentTargetOperations ? [created[i - LIMITS.concurrentTargetOperations]] : [];
            created.push(t.attach(this.gateway.gatewayIdentifier, [this.gateway, ...permissions, ...lane], targetSpecs[i].description));
        });

        // Cedar policies one after another: creating many at once fails to stabilize.
        this.policies = [];
        let previous: pulumi.Resource[] = [this.gateway, ...created];
        for (const p of engineSpec.policies ?? []) {
            const text = String(p.statement);
            const policy: awsnative.bedrockagentcore.Policy = new awsnative.bedrockagentcore.Policy(`${name}-policy-${p.name}`, {
                name: p.name,
                description: p.description,
                policyEngineId: engine.policyEngineId,
                // Temporal and guardrail statements are Dogwood, which AgentCore takes under `policy` (policy-temporal-authoring.html).
                definition: { [statementLanguage(text) === "dogwood" ? "policy" : "cedar"]: { statement: this.gateway.gatewayArn.apply((arn) => renderGatewayArn(text, arn)) } },
                enforcementMode: p.enforcement ?? "ACTIVE",
                validationMode: "FAIL_ON_ANY_FINDINGS",
            }, { parent: this, dependsOn: previous, ...lifecycleOptions("AWS::BedrockAgentCore::Policy") });
            this.policies.push(policy);
            previous = [policy];
        }

        this.observability = createHubObservability({ name, args, gateway: this.gateway, gatewayArn: this.gatewayArn, policyEngineArn: this.policyEngineArn, scope: this.scope, keyArn: kmsKeyArn }, this);

        this.registerOutputs({
            auditSelector: this.observability.auditSelector,
            gatewayId: this.gatewayId,
            gatewayArn: this.gatewayArn,
            gatewayUrl: this.gatewayUrl,
            roleArn: this.roleArn,
            policyEngineArn: this.policyEngineArn,
            webAclArn: this.waf?.webAclArn,
            kmsKeyArn: this.kmsKeyArn,
            production,
            // Also as an output: AnalyzeStack reads a component's registered outputs (pulumi/pulumi
            // pkg/resource/deploy/step_executor.go:283, step_generator.go:3520 at 1b5949891b3c),
            // whatever the SDK does with component inputs.
            cedarPolicyTemplates,
        });
    }

    /**
     * Lets the given consumers invoke this gateway: writes the gateway's one resource-based
     * policy (I7), in the most readable form that fits AgentCore's limits. Call it once, with
     * every consumer (a `SpokeCaller`, a role ARN, a role path of an account, or, with
     * `allowWholeAccount`, an account).
     */
    grantInvoke(consumers: InvokeGrantee[], options: GrantInvokeOptions = {}, opts: pulumi.ComponentResourceOptions = {}): GatewayConsumerGrants {
        this.assertOnePolicy("grantInvoke", "iam");
        const grants = new GatewayConsumerGrants(`${this.logicalName}-grants`, { gateway: this, consumers, ...options }, { parent: this, ...opts });
        this.grants = grants;
        return grants;
    }

    /**
     * For a CUSTOM_JWT hub: the gateway's one resource-based policy, `Principal: "*"` narrowed to
     * the given VPC endpoints, VPCs or CIDRs (AWS requires the wildcard principal on OAuth
     * gateways; the token's issuer, audiences and clients say who calls).
     */
    allowJwtCallers(network: JwtNetworkScope, opts: pulumi.ComponentResourceOptions = {}): JwtGatewayAccess {
        this.assertOnePolicy("allowJwtCallers", "jwt");
        const access = new JwtGatewayAccess(`${this.logicalName}-jwt-access`, { gateway: this, network }, { parent: this, ...opts });
        this.grants = access;
        return access;
    }

    private assertOnePolicy(method: string, grant: "iam" | "jwt"): void {
        if (this.grants) {
            throw new Error(`AgentGatewayHub "${this.logicalName}": ${method}: grantInvoke or allowJwtCallers was already called. A gateway has exactly one resource-based policy; pass every consumer in one call.`);
        }
        throwIfProblems("AgentGatewayHub", this.logicalName, [checkGrantFitsAuthorizer(this.authorizerType, grant)]);
    }
}
