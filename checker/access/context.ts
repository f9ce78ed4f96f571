import { ModelResource } from "../../policypack/model/resource";
import { StackModel } from "../../policypack/model/stack";
import { ResourceScope } from "./accounts";

/** What every access question reads: the pack's stack model and each resource's account. */
export interface AccessContext {
    model: StackModel;
    scopes: ReadonlyMap<string, ResourceScope>;
}

export function accountOf(ctx: AccessContext, r: ModelResource): string | undefined {
    return ctx.scopes.get(r.urn)?.account;
}
