import { checkAccountId, checkRegion } from "../../invariants/awsIdentifiers";
import type { Problem } from "../../invariants/problems";
import { UNKNOWN, WireObject, WireValue, isSecretValue, isWireObject, knownString } from "./wire";

/** The account and Region a provider acts in: what ARNs and caller-identity answers are built from. */
export interface ProviderScope {
    accountId: string;
    region: string;
    partition: string;
    /** The role the provider assumes, when it assumes one (the caller identity is that role's session). */
    assumedRoleArn?: string;
}

export const DEFAULT_ACCOUNT_ID = "111111111111";
export const DEFAULT_REGION = "us-east-1";

/** `urn:…::<id>` as the SDK sends it; the id is the unknown sentinel while it is not known. */
export interface ProviderReference {
    urn: string;
    id?: string;
}

export function parseProviderReference(ref: string): ProviderReference | undefined {
    if (ref === "") return undefined;
    const cut = ref.lastIndexOf("::");
    if (cut < 0) return { urn: ref };
    const id = ref.slice(cut + 2);
    return { urn: ref.slice(0, cut), id: id === UNKNOWN || id === "" ? undefined : id };
}

export function isProviderType(type: string): boolean {
    return type.startsWith("pulumi:providers:");
}

/** `aws` for `aws:iam/role:Role`, `aws-native` for `aws-native:iam:Role`. */
export function packageOfType(type: string): string {
    return type.split(":")[0];
}

export function partitionOfRegion(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-iso-")) return "aws-iso";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    return "aws";
}

/**
 * Reads a provider's scope from its inputs, as `@pulumi/aws` and `@pulumi/aws-native` send them:
 * complex settings arrive JSON-encoded (`assumeRoles: '[{"roleArn":…}]'`), from config they may
 * be structured. The account comes from the assumed role, else the first allowed account, else
 * the default; anything unknown falls back to the default rather than inventing a value. A known
 * account or Region that is not one is refused (ProviderSettingError), never replaced.
 */
export function scopeFromProviderInputs(inputs: WireObject): ProviderScope {
    const region = checkedRegion(knownString(inputs, "region"));
    const assumedRoleArn = assumedRole(inputs);
    const accountId = accountOfArn(assumedRoleArn) ?? firstAllowedAccount(inputs) ?? DEFAULT_ACCOUNT_ID;
    const scope: ProviderScope = { accountId, region, partition: partitionOfRegion(region) };
    if (assumedRoleArn !== undefined) scope.assumedRoleArn = assumedRoleArn;
    return scope;
}

export const DEFAULT_SCOPE: ProviderScope = scopeFromProviderInputs({});

function assumedRole(inputs: WireObject): string | undefined {
    const many = decodeSetting(inputs.assumeRoles);
    const first = Array.isArray(many) ? many[0] : undefined;
    const one = decodeSetting(inputs.assumeRole);
    for (const candidate of [first, one]) {
        if (isWireObject(candidate)) {
            const arn = knownString(candidate, "roleArn");
            if (arn !== undefined) return arn;
        }
    }
    return undefined;
}

/**
 * A provider setting the checker cannot act on: an account that is not a 12-digit id, or a
 * Region that is not one (an Availability Zone). Refused rather than replaced by the default:
 * every ARN, grant and access line would name the wrong account or Region. The rule is the
 * components' (invariants/awsIdentifiers.ts).
 */
export class ProviderSettingError extends Error {
    constructor(readonly problem: Problem) {
        super(`the provider's ${problem.message} The checker does not substitute another account or Region. Fix: ${problem.fix}`);
        this.name = "ProviderSettingError";
    }
}

function checkedAccount(setting: string, value: string): string {
    const bad = checkAccountId(value, setting);
    if (bad !== undefined) throw new ProviderSettingError(bad);
    return value;
}

function checkedRegion(value: string | undefined): string {
    if (value === undefined) return DEFAULT_REGION;
    const bad = checkRegion(value, "region");
    if (bad !== undefined) throw new ProviderSettingError(bad);
    return value;
}

function firstAllowedAccount(inputs: WireObject): string | undefined {
    const ids = decodeSetting(inputs.allowedAccountIds);
    const first = Array.isArray(ids) ? ids[0] : undefined;
    // An unknown entry is not a wrong one: the account stays undecided (the default scope).
    return typeof first === "string" && first !== UNKNOWN ? checkedAccount("allowedAccountIds", first) : undefined;
}

function accountOfArn(arn: string | undefined): string | undefined {
    if (arn === undefined) return undefined;
    return checkedAccount(`account of the assumed role ${arn}`, arn.split(":")[4] ?? "");
}

/** A provider setting as a value: JSON strings are parsed, unknown or unparsable ones are undefined. */
function decodeSetting(value: WireValue | undefined): WireValue | undefined {
    if (isSecretValue(value)) return decodeSetting(value.value);
    if (value === undefined || value === UNKNOWN) return undefined;
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value) as WireValue;
    } catch (e) {
        if (e instanceof SyntaxError) return undefined;
        throw e;
    }
}

/**
 * The name the engine gives the default provider of a package version (`default_7_48_0`), so
 * default-provider URNs look exactly like the ones analyzers see from the CLI.
 */
export function defaultProviderName(version: string): string {
    return version === "" ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
}

/**
 * The inputs of a default provider: the package's stack config (`aws:region` becomes `region`),
 * plus its version, as the engine builds them.
 */
export function defaultProviderInputs(pkg: string, version: string, config: Record<string, string>): WireObject {
    const inputs: WireObject = {};
    for (const [key, value] of Object.entries(config)) {
        const local = configKeyFor(pkg, key);
        if (local !== undefined) inputs[local] = value;
    }
    if (version !== "") inputs.version = version;
    return inputs;
}

function configKeyFor(pkg: string, key: string): string | undefined {
    for (const prefix of [`${pkg}:config:`, `${pkg}:`]) {
        if (key.startsWith(prefix)) return key.slice(prefix.length);
    }
    return undefined;
}
