import type { ProviderFlavour } from "./providerPackages";

/** One `readonly x: pulumi.Output<T>` of a resource class. */
export interface OutputFact {
    /** `Output<T>` rather than `Output<T | undefined>`: the provider always sets it. */
    required: boolean;
    /** The value on the wire is a string (`Output<string>`, optional or not). */
    isString: boolean;
}

/** One property of the resource's `<Class>Args` interface. */
export interface InputFact {
    required: boolean;
    /** Declared as `Input<string>` only. */
    isString: boolean;
    /**
     * The SDK accepts a structured document where the provider's type is a string
     * (`Input<string | inputs.iam.PolicyDocument>` with `Output<string>`): the bridged
     * provider JSON-encodes such a value in Check.
     */
    acceptsDocument: boolean;
}

/** What the installed SDK declares about one resource type. */
export interface ResourceDeclaration {
    token: string;
    flavour: ProviderFlavour;
    file: string;
    outputs: ReadonlyMap<string, OutputFact>;
    inputs: ReadonlyMap<string, InputFact>;
}
