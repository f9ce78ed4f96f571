import * as crypto from "crypto";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * Runs a Pulumi program under Pulumi's mock engine in UPDATE mode (every output known, as
 * after `pulumi up`) and records every registered resource with its inputs and the outputs
 * the mock gave it. Self-contained on purpose: the semantic tests must not depend on the
 * checker they help to validate.
 *
 * The mock answers like AWS would for the accounts the program's providers act in:
 * - `aws:index/getCallerIdentity:getCallerIdentity` answers the account of the provider used
 *   for the call (the account of the role it assumes, `assumeRoles[0].roleArn` for `aws`);
 * - ids AWS generates get realistic shapes: gateway `<name>-<10 lowercase alnum>`, policy
 *   engine `<name>-<10>`, REST API id of 10 characters, role ARNs with their path.
 */

export interface CapturedResource {
    type: string;
    name: string;
    /** Inputs after the SDK serialized them (JSON-typed properties stay structured). */
    inputs: Record<string, unknown>;
    /** The outputs the mock returned (inputs plus generated attributes). */
    state: Record<string, unknown>;
    /** The account of the provider that manages the resource. */
    accountId: string;
    id: string;
}

export interface CapturedProgram {
    resources: CapturedResource[];
    /** Every resource object the program constructed (components included), in construction order. */
    instances: pulumi.Resource[];
    /** The stack outputs (the program module's exports, resolved). */
    outputs: Record<string, unknown>;
}

const REGION = "us-east-1";
const PARTITION = "aws";
const DEFAULT_ACCOUNT = "111111111111";

/** Ten lowercase alphanumerics derived from a name: stable across runs, like an AWS-generated suffix. */
export function generatedSuffix(seed: string): string {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = crypto.createHash("sha256").update(seed).digest();
    return Array.from(bytes.subarray(0, 10), (b) => alphabet[b % alphabet.length]).join("");
}

function decode(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** The account a provider acts in, from the role it assumes (aws: assumeRoles[], aws-native: assumeRole). */
function providerAccount(inputs: Record<string, unknown>): string {
    const many = decode(inputs.assumeRoles);
    const candidates = [Array.isArray(many) ? many[0] : undefined, decode(inputs.assumeRole)];
    for (const c of candidates) {
        const roleArn = c && typeof c === "object" ? (c as { roleArn?: unknown }).roleArn : undefined;
        const m = typeof roleArn === "string" ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(roleArn) : null;
        if (m) return m[1];
    }
    const allowed = decode(inputs.allowedAccountIds);
    if (Array.isArray(allowed) && typeof allowed[0] === "string") return allowed[0];
    return DEFAULT_ACCOUNT;
}

/** "urn:…::<id>" → "<id>". */
function providerId(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const cut = ref.lastIndexOf("::");
    return cut < 0 ? undefined : ref.slice(cut + 2);
}

function str(v: unknown, fallback: string): string {
    return typeof v === "string" && v.length > 0 ? v : fallback;
}

/** Generated attributes of the resource types the example registers. */
function outputsFor(type: string, name: string, inputs: Record<string, unknown>, account: string): { id: string; extra: Record<string, unknown> } {
    const suffix = generatedSuffix(`${type}/${name}`);
    switch (type) {
        case "aws-native:bedrockagentcore:Gateway": {
            const gatewayId = `${str(inputs.name, name)}-${suffix}`;
            const gatewayArn = `arn:${PARTITION}:bedrock-agentcore:${REGION}:${account}:gateway/${gatewayId}`;
            return { id: gatewayId, extra: { gatewayArn, gatewayIdentifier: gatewayId, gatewayUrl: `https://${gatewayId}.gateway.bedrock-agentcore.${REGION}.amazonaws.com/mcp`, status: "READY" } };
        }
        case "aws-native:bedrockagentcore:PolicyEngine": {
            const policyEngineId = `${str(inputs.name, name)}-${suffix}`;
            return { id: policyEngineId, extra: { policyEngineId, policyEngineArn: `arn:${PARTITION}:bedrock-agentcore:${REGION}:${account}:policy-engine/${policyEngineId}`, status: "ACTIVE" } };
        }
        case "aws-native:bedrockagentcore:Policy": {
            const policyId = `${str(inputs.name, name)}-${suffix}`;
            return { id: policyId, extra: { policyId } };
        }
        case "aws-native:bedrockagentcore:GatewayTarget":
            return { id: suffix.toUpperCase(), extra: { targetId: suffix.toUpperCase() } };
        case "aws-native:apigateway:RestApi":
            return { id: suffix, extra: { restApiId: suffix, rootResourceId: generatedSuffix(`${suffix}/root`) } };
        case "aws-native:iam:Role": {
            const roleName = str(inputs.roleName, name);
            const arn = `arn:${PARTITION}:iam::${account}:role${str(inputs.path, "/")}${roleName}`;
            return { id: roleName, extra: { arn, roleId: `AROA${suffix.toUpperCase()}` } };
        }
        case "aws:iam/role:Role": {
            const roleName = str(inputs.name, `${name}-${suffix.slice(0, 7)}`);
            return { id: roleName, extra: { name: roleName, arn: `arn:${PARTITION}:iam::${account}:role${str(inputs.path, "/")}${roleName}` } };
        }
        case "aws:lambda/function:Function": {
            const fnName = str(inputs.name, `${name}-${suffix.slice(0, 7)}`);
            const arn = `arn:${PARTITION}:lambda:${REGION}:${account}:function:${fnName}`;
            return { id: fnName, extra: { name: fnName, arn, invokeArn: `arn:${PARTITION}:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations` } };
        }
        case "aws:kms/key:Key": {
            // The hub's own key: the gateway role's KMS statement names its ARN.
            const keyId = `${suffix.slice(0, 8)}-${suffix.slice(0, 4)}-${suffix.slice(4, 8)}-${suffix.slice(0, 4)}-${suffix}${suffix.slice(0, 2)}`;
            return { id: keyId, extra: { keyId, arn: `arn:${PARTITION}:kms:${REGION}:${account}:key/${keyId}` } };
        }
        default:
            return { id: `${name}-${suffix}`, extra: {} };
    }
}

/** Waits until the mock engine has no outstanding RPC and the registration count stops moving. */
async function settle(count: () => number): Promise<void> {
    // waitForRPCs is exported by the runtime's settings module (marked internal); it resolves
    // once every RPC started so far has completed, and waits again if new ones started.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
    let stable = 0;
    let last = -1;
    for (let round = 0; round < 2000 && stable < 5; round++) {
        if (settings.waitForRPCs) await settings.waitForRPCs();
        await new Promise((r) => setTimeout(r, 10));
        const now = count();
        stable = now === last ? stable + 1 : 0;
        last = now;
    }
}

/**
 * Runs `programPath` (a module that declares resources when loaded) under mocks in update mode.
 * The program's modules are loaded afresh on every call, so the same program can be captured
 * twice in one process.
 */
export async function captureProgram(programPath: string, project = "test", stack = "dev"): Promise<CapturedProgram> {
    const resources: CapturedResource[] = [];
    const providerAccounts = new Map<string, string>();
    const errors: unknown[] = [];
    const accountOf = (ref: string | undefined) => {
        const id = providerId(ref);
        return (id && providerAccounts.get(id)) ?? DEFAULT_ACCOUNT;
    };

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                const inputs = (args.inputs ?? {}) as Record<string, unknown>;
                if (args.type.startsWith("pulumi:providers:")) {
                    const id = `${args.name}-provider-id`;
                    providerAccounts.set(id, providerAccount(inputs));
                    resources.push({ type: args.type, name: args.name, inputs, state: inputs, accountId: providerAccount(inputs), id });
                    return { id, state: inputs };
                }
                const account = accountOf(args.provider);
                const { id, extra } = outputsFor(args.type, args.name, inputs, account);
                const state = { ...inputs, ...extra };
                resources.push({ type: args.type, name: args.name, inputs, state, accountId: account, id });
                return { id, state };
            },
            call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                const account = accountOf(args.provider);
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return { accountId: account, arn: `arn:${PARTITION}:sts::${account}:assumed-role/OrganizationAccountAccessRole/pulumi-agentcore-hub`, userId: `AROA${account}:pulumi-agentcore-hub`, id: account };
                    case "aws:index/getRegion:getRegion":
                        return { region: REGION, name: REGION, id: REGION, description: "US East (N. Virginia)", endpoint: `ec2.${REGION}.amazonaws.com` };
                    case "aws:index/getPartition:getPartition":
                        return { partition: PARTITION, id: PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
                    default:
                        errors.push(new Error(`unmocked call ${args.token}`));
                        return {};
                }
            },
        },
        project,
        stack,
        false,
    );

    const resolved = require.resolve(programPath);
    const programDir = path.dirname(resolved);
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(programDir + path.sep)) delete require.cache[key];
    }
    const instances: pulumi.Resource[] = [];
    const onRejection = (e: unknown) => errors.push(e);
    process.on("unhandledRejection", onRejection);
    let outputs: Record<string, unknown> = {};
    try {
        // As the language host runs a program: inside the root stack, whose outputs are the
        // module's exports. A (legacy) stack transformation sees every resource object, so tests
        // can read a component's own properties (e.g. the hub's declared tools).
        const stackOutputs = pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((args) => {
                instances.push(args.resource);
                return undefined;
            });
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(resolved);
        });
        outputs = ((await stackOutputs) ?? {}) as Record<string, unknown>;
        await settle(() => resources.length);
    } catch (e) {
        errors.push(e);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (errors.length) throw new Error(`The program failed under mocks: ${errors.map((e) => (e instanceof Error ? e.stack ?? e.message : String(e))).join("\n")}`);
    return { resources, instances, outputs };
}

let example: Promise<CapturedProgram> | undefined;

/** The reference example (`examples/hub-and-spoke`), captured once per test process. */
export function captureHubAndSpokeExample(): Promise<CapturedProgram> {
    example ??= captureProgram(path.resolve(__dirname, "../../examples/hub-and-spoke/index.ts"), "agentcore-hub-and-spoke", "dev");
    return example;
}

/** The one resource of `type` whose logical name satisfies `name` (exact string or test). */
export function single(program: CapturedProgram, type: string, name?: string | RegExp): CapturedResource {
    const found = program.resources.filter((r) => r.type === type && (name === undefined || (typeof name === "string" ? r.name === name : name.test(r.name))));
    if (found.length !== 1) throw new Error(`Expected one ${type}${name ? ` named ${String(name)}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

export function all(program: CapturedProgram, type: string): CapturedResource[] {
    return program.resources.filter((r) => r.type === type);
}
