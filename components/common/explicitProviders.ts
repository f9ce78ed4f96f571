import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import type * as pulumi from "@pulumi/pulumi";
import { Problem, problem } from "../../invariants/problems";

/** The provider packages a component's children need, each with a type the component creates. */
const NEEDED: readonly { pkg: string; isProvider: (p: unknown) => boolean; probe: string }[] = [
    { pkg: "aws", isProvider: (p) => aws.Provider.isInstance(p), probe: "aws:iam/role:Role" },
    { pkg: "aws-native", isProvider: (p) => awsnative.Provider.isInstance(p), probe: "aws-native:iam:Role" },
];

function packageOf(p: pulumi.ProviderResource): string {
    return NEEDED.find((n) => n.isProvider(p))?.pkg ?? "another package";
}

function providerList(providers: pulumi.ComponentResourceOptions["providers"]): pulumi.ProviderResource[] {
    if (providers === undefined) return [];
    return Array.isArray(providers) ? providers : Object.values(providers);
}

/**
 * The packages whose provider the component's children would get, as the SDK picks them
 * (sdk/nodejs/resource.ts: `opts.provider`, `opts.providers`, else the parent's). A package
 * missing here falls back to the default provider: the ambient credentials and `aws:region`.
 */
export function explicitProviderPackages(opts: pulumi.ComponentResourceOptions): Set<string> {
    const found = new Set<string>([...providerList(opts.providers), ...(opts.provider ? [opts.provider] : [])].map(packageOf));
    for (const { pkg, probe } of NEEDED) if (opts.parent?.getProvider(probe) !== undefined) found.add(pkg);
    return found;
}

/**
 * I12: a component acting in one account must be given that account's `aws` and `aws-native`
 * providers; otherwise it would deploy wherever the ambient credentials point. Default
 * providers only when the program says so (`allowDefaultProviders: true`).
 */
export function checkExplicitProviders(component: string, opts: pulumi.ComponentResourceOptions, allowDefaultProviders: boolean | undefined): Problem | undefined {
    if (allowDefaultProviders === true) return undefined;
    const found = explicitProviderPackages(opts);
    const missing = NEEDED.map((n) => n.pkg).filter((pkg) => !found.has(pkg));
    if (missing.length === 0) return undefined;
    return problem(
        "I12",
        `${component} has no explicit ${missing.join(" and ")} provider in its options (opts.providers = ${opts.providers === undefined ? "undefined" : `[${providerList(opts.providers).map(packageOf).join(", ")}]`}): its resources would use the default provider${missing.length > 1 ? "s" : ""}, acting in whatever account the ambient credentials reach.`,
        "Pass the hub account's providers: `{ providers: accountProviders(name, accountId, region).list }`, or set `allowDefaultProviders: true` if the default credentials and `aws:region` are intended.",
    );
}
