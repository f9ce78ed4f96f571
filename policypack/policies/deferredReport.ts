import { StackValidationPolicy } from "@pulumi/policy";
import { deferredFor } from "../deferred";

export const DEFERRED_POLICY_NAME = "agentcore-deferred-to-update";

/**
 * Advisory, and last in the pack: names, per policy and resource, each check that could not be
 * decided at this preview and will run at `pulumi up` (when a mandatory violation stops the
 * resource before it is created). The goal on our components is that this reports nothing.
 */
export const deferredToUpdate: StackValidationPolicy = {
    name: DEFERRED_POLICY_NAME,
    description: "Lists the checks that cannot be decided until pulumi up (values not known at this preview); at pulumi up a resource check's violation stops that resource before it is created, a stack check's violation is found after the change was applied",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const urns = new Set(args.resources.map((r) => r.urn));
        for (const d of deferredFor(urns)) reportViolation(`[deferred by ${d.policy}] ${d.items.join("; ")}`, d.urn);
    },
};
