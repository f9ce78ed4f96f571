import Module from "node:module";
import * as path from "node:path";

interface Loader {
    _load(request: string, parent: NodeModule | undefined, isMain: boolean): unknown;
}

/** A stand-in that loads the real module on first use; every use goes to the real module. */
function lazyModule(load: () => object): object {
    let real: object | undefined;
    const target = () => (real ??= load());
    return new Proxy(
        {},
        {
            get: (_stub, key) => Reflect.get(target(), key),
            has: (_stub, key) => Reflect.has(target(), key),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_stub, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
                // A proxy may not report a non-configurable property its (empty) target lacks.
                return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
            },
        },
    );
}

/**
 * `@pulumi/pulumi` loads TypeScript (about 9 MB of JavaScript, a third of a second) as it is
 * loaded, through `typescript-shim.js`, for closure serialization (`serializeFunction`,
 * callback Lambdas), which neither a check nor the policy pack uses. This hands the shim a
 * stand-in that loads TypeScript the first time anything reads it, so a program that does
 * serialize a function still gets the real module. Only the shim's request is deferred.
 */
export function deferTypeScriptLoad(): void {
    const loader = Module as unknown as Loader;
    const load = loader._load;
    const shim = `${path.sep}typescript-shim.js`;
    loader._load = function (this: unknown, request, parent, isMain) {
        if (request === "typescript" && parent?.filename.endsWith(shim) === true) {
            return lazyModule(() => load.call(this, request, parent, isMain) as object);
        }
        return load.call(this, request, parent, isMain);
    };
}
