/**
 * How a provider package computes Check and a create's preview. The flavour is a property of
 * the provider implementation, which the Node SDK does not record, so it is kept per package
 * (never per type): `bridged` is a Terraform-bridged provider (pulumi-terraform-bridge), `native`
 * is aws-native (Cloud Control, CloudFormation schemas).
 */
export type ProviderFlavour = "bridged" | "native";

const FLAVOURS: Readonly<Record<string, ProviderFlavour>> = {
    aws: "bridged",
    "aws-native": "native",
};

export interface ProviderPackage {
    /** The package segment of a type token (`aws`, `aws-native`). */
    name: string;
    /** The Node SDK that declares its resources. */
    npmName: string;
    flavour: ProviderFlavour;
}

/** The modeled package a type token belongs to, or undefined (components, `pulumi:` types, other providers). */
export function providerPackageOf(token: string): ProviderPackage | undefined {
    const name = token.split(":")[0];
    const flavour = FLAVOURS[name];
    return flavour === undefined ? undefined : { name, npmName: `@pulumi/${name}`, flavour };
}
