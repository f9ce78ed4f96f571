import { createRequire } from "node:module";
import type * as TypeScriptModule from "typescript";

export type TypeScript = typeof TypeScriptModule;

let loaded: TypeScript | undefined;

/**
 * The TypeScript compiler the declarations are parsed with. `@pulumi/pulumi` 3.270 declares
 * `typescript` as an optional peer dependency (`>= 3.8.3 < 7`): it is the compiler Pulumi itself
 * loads TypeScript programs with, so in an adopter's project it is resolved from the SDK's
 * location first; this package's own resolution is the fallback. Only the parser API that every
 * TypeScript of that range has (`createSourceFile`, node guards) is used.
 */
export function loadTypeScript(): TypeScript {
    if (loaded !== undefined) return loaded;
    const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const fromHere = createRequire(__filename);
    try {
        loaded = fromSdk("typescript") as TypeScript;
    } catch {
        try {
            loaded = fromHere("typescript") as TypeScript;
        } catch {
            throw new Error(
                "agentcore-hub check needs the TypeScript compiler to read the provider SDKs' declarations; install `typescript` (the peer dependency @pulumi/pulumi loads TypeScript programs with)",
            );
        }
    }
    return loaded;
}
