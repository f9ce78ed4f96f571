import { ModelResource } from "../../policypack/model/resource";
import { ResourceRef } from "../report/types";

export function refOf(r: ModelResource): ResourceRef {
    return { urn: r.urn, name: r.name, type: r.type };
}

/** `ResourcePolicy "hub-grants-policy"`, as the pack names resources in its messages. */
export function describe(r: ModelResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}
