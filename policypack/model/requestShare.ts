import { StackModel } from "./stack";
import { proxyTarget } from "./read";

/**
 * One deserialization of each resource, and one stack model, per `AnalyzeStack` request.
 *
 * `@pulumi/policy` 1.21 runs the stack policies one after another and, for each of them,
 * deserializes every resource of the request again (node_modules/@pulumi/policy/server.js
 * `makeAnalyzeStackRpcFun`: line 326 `for (const p of policies)`, lines 349-351
 * `for (const r of resources)` ... `deserialize_1.deserializeProperties(r.getProperties(), false)`,
 * and its provider again in `getProviderResource`, line 501); `Analyze` does the same per
 * resource policy (line 255). With 13 stack policies, a large stack's properties were turned into
 * JavaScript 13 times, and each policy then built the same model from them.
 *
 * What is shared, and why it is safe:
 * - `deserializeProperties` is called through its module object (`deserialize_1.…`), so the pack
 *   can put a memo in front of it, keyed by the request's own `google.protobuf.Struct` object
 *   (`getProperties()` returns the same wrapper object on every call: google-protobuf
 *   `getWrapperField` keeps it in the message). A Struct belongs to one request, so the memo never
 *   answers one request with another's values, and it is a WeakMap: what a request held goes with
 *   it. Only `proxySecrets = false` (Analyze, AnalyzeStack) is shared; Remediate's secret-preserving
 *   form is left alone.
 * - The policies then see the same deserialized objects behind their (per-policy) proxies, and
 *   `sharedStackModel` reuses a model when every resource's object is the very one it was built
 *   from: identity, never equal content, so two requests with the same URNs and other values
 *   (a preview, then an update) each get their own model.
 * Nothing changes in what the engine or `pulumi preview --policy-pack` sees: the same policies,
 * each reporting under its own name.
 */

interface DeserializeModule {
    deserializeProperties?: (struct: object, proxySecrets: boolean) => Record<string, unknown>;
}

const SHARED = Symbol.for("agentcore-hub.sharedDeserialize");

/** Installs the memo once per `@pulumi/policy` instance; a no-op when its internals differ. */
export function shareDeserialization(): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module whose export the server calls
    const mod = require("@pulumi/policy/deserialize") as DeserializeModule & { [SHARED]?: true };
    if (mod[SHARED]) return true;
    const original = mod.deserializeProperties;
    if (typeof original !== "function") return false;
    const memo = new WeakMap<object, Record<string, unknown>>();
    mod.deserializeProperties = (struct: object, proxySecrets: boolean) => {
        if (proxySecrets || struct === null || typeof struct !== "object") return original(struct, proxySecrets);
        let props = memo.get(struct);
        if (props === undefined) {
            props = original(struct, proxySecrets);
            memo.set(struct, props);
        }
        return props;
    };
    Object.defineProperty(mod, SHARED, { value: true });
    return true;
}

interface Built {
    targets: unknown[];
    model: StackModel;
}

/** Models by the first resource's deserialized object (a WeakMap: they go with their request). */
const models = new WeakMap<object, Built>();
let builds = 0;

/**
 * The model of these resources: the one already built for this request when each resource's
 * deserialized object is the same, else `build()`.
 */
export function sharedStackModel(resources: readonly { props: unknown }[], build: () => StackModel): StackModel {
    const targets = resources.map((r) => proxyTarget(r.props));
    const first = targets[0];
    if (first === undefined || first === null || typeof first !== "object" || targets.some((t) => t === undefined)) {
        builds++;
        return build();
    }
    const found = models.get(first);
    if (found !== undefined && found.targets.length === targets.length && found.targets.every((t, i) => t === targets[i])) return found.model;
    builds++;
    const model = build();
    models.set(first, { targets, model });
    return model;
}

/** How many models were built (tests read it to prove a hit is a hit). */
export function stackModelBuilds(): number {
    return builds;
}
