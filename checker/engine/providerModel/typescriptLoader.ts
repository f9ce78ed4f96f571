import { createRequire } from "node:module";
import type * as TypeScriptModule from "typescript";

export type TypeScript = typeof TypeScriptModule;

let loaded: TypeScript | undefined;

/**
 * The TypeScript compiler the declarations are parsed with. `@pulumi/pulumi` 3.270 declares
 * `typescript` as an optional peer dependency (`>= 3.8.3 < 7`): it is the compiler Pulumi itself
 * loads TypeScript programs with, so in an adopter's project it is resolved from the SDK's
 * location first; this package's own dependency (a JavaScript-only project has no compiler of its
 * own) is the fallback. Only the parser API that every TypeScript of that range has
 * (`createSourceFile`, node guards) is used.
 */
function tryRequire(req: NodeJS.Require): TypeScript | undefined {
    try {
        return req("typescript") as TypeScript;
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
        throw e;
    }
}

export function loadTypeScript(): TypeScript {
    if (loaded !== undefined) return loaded;
    const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const fromHere = createRequire(__filename);
    loaded = tryRequire(fromSdk) ?? tryRequire(fromHere);
    if (loaded === undefined) {
        throw new Error("agentcore-hub check needs the TypeScript compiler to read the provider SDKs' declarations; install `typescript` (the peer dependency @pulumi/pulumi loads TypeScript programs with)");
    }
    return loaded;
}
