import { OPERATORS, Operator, ReadFieldSelector } from "../../invariants/auditSelector";
import { MaybeUnknown, UNKNOWN, isUnknown } from "../../invariants/unknown";
import { propertyValue } from "./propertyValue";
import { ModelResource, ReadObject, at, bool, knownObjects, list, objects, str, strings } from "./resource";
import { StackModel } from "./stack";
import { isBridged } from "./types";

/**
 * The resources that make a gateway observable and audited (I14), read in both providers'
 * names, and their relations: which delivery sources are on a gateway, which deliveries pair a
 * source with a destination, which trails' selectors derive from a gateway.
 */

export function deliverySourceView(r: ModelResource): { name: MaybeUnknown<string> | undefined; logType: MaybeUnknown<string> | undefined; resourceArn: MaybeUnknown<string> | undefined } {
    return { name: str(propertyValue(r, "name")), logType: str(propertyValue(r, "logType")), resourceArn: str(propertyValue(r, "resourceArn")) };
}

/** The delivery sources on a gateway: their resourceArn derives from it, or names its known ARN. */
export function deliverySourcesOf(model: StackModel, gateway: ModelResource): ModelResource[] {
    return model.of("logDeliverySource").filter((s) => model.referenced(s, "resourceArn", "gateway").includes(gateway));
}

/** Sources whose resourceArn is unknown and derives from no gateway of the stack: they might be on any gateway. */
export function unplacedDeliverySources(model: StackModel): ModelResource[] {
    return model.of("logDeliverySource").filter((s) => isUnknown(deliverySourceView(s).resourceArn) && model.referenced(s, "resourceArn", "gateway").length === 0);
}

/** Deliveries from a source: `deliverySourceName` derives from it or equals its known name. */
export function deliveriesFrom(model: StackModel, source: ModelResource): ModelResource[] {
    return model.of("logDelivery").filter((d) => model.referenced(d, "deliverySourceName", "logDeliverySource").includes(source));
}

/** A trail's switch: bridged `enableLogging` (default true), aws-native `isLogging` (required). */
export function trailLogging(r: ModelResource): MaybeUnknown<boolean> | undefined {
    return bool(propertyValue(r, isBridged(r.type) ? "enableLogging" : "isLogging"));
}

function operatorKey(op: Operator, bridged: boolean): string {
    // Bridged names are plural except `equals` / `notEquals` (@pulumi/aws TrailAdvancedEventSelectorFieldSelector).
    return bridged && op !== "equals" && op !== "notEquals" ? `${op}s` : op;
}

function fieldSelectorOf(o: ReadObject, bridged: boolean): ReadFieldSelector {
    const operators: Partial<Record<Operator, MaybeUnknown<string>[]>> = {};
    for (const op of OPERATORS) {
        const value = o[operatorKey(op, bridged)];
        if (value === undefined || value === null) continue;
        const items = list(value);
        operators[op] = isUnknown(items) ? [UNKNOWN] : strings(items);
    }
    return { field: str(o.field), operators };
}

/**
 * A trail's advanced event selectors, each as its field selectors; UNKNOWN where a list is not
 * known yet. Basic `eventSelectors` cannot select AgentCore data events (AWS: "you must use
 * advanced event selectors"), so they are not read.
 */
export function trailSelectors(r: ModelResource): MaybeUnknown<MaybeUnknown<ReadFieldSelector[]>[]> {
    const bridged = isBridged(r.type);
    const selectors = objects(propertyValue(r, "advancedEventSelectors"));
    if (isUnknown(selectors)) return UNKNOWN;
    return selectors.map((s) => {
        if (isUnknown(s)) return UNKNOWN;
        const fields = knownObjects(at(s, "fieldSelectors"));
        return isUnknown(fields) ? UNKNOWN : fields.map((f) => fieldSelectorOf(f, bridged));
    });
}
