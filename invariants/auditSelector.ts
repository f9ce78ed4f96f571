import { GATEWAY_DATA_EVENT } from "./observability";
import { MaybeUnknown, isUnknown } from "./unknown";

/**
 * I14: the CloudTrail advanced event selector that records one gateway's tool calls, and the
 * reverse question the pack asks of any trail: does this selector record them?
 *
 * CloudTrail's semantics (docs/aws-facts.md §16(c)): a trail with advanced event selectors logs
 * an event when ANY selector matches it; a selector matches when ALL its field selectors match;
 * a field selector matches when each operator it sets matches (`Equals`/`StartsWith`/`EndsWith`:
 * any of the values; `NotEquals`/`NotStartsWith`/`NotEndsWith`: none of them).
 */

export interface AuditFieldSelector<T = string> {
    field: string;
    equals: T[];
}

export interface AuditEventSelector<T = string> {
    name: string;
    fieldSelectors: AuditFieldSelector<T>[];
}

/**
 * The selector the hub's trail uses and the one to add to an organization trail: data events
 * of exactly this gateway (`resources.ARN`), so a busy neighbour gateway costs nothing.
 */
export function gatewayAuditSelector<T>(gatewayArn: T): AuditEventSelector<string | T> {
    return {
        name: "AgentCoreGatewayToolCalls",
        fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: [GATEWAY_DATA_EVENT.resourceType] },
            { field: "resources.ARN", equals: [gatewayArn] },
        ],
    };
}

/** One field selector as read from a trail of either provider (bridged names are plural: `startsWiths`). */
export interface ReadFieldSelector {
    field: MaybeUnknown<string> | undefined;
    operators: Partial<Record<Operator, MaybeUnknown<string>[]>>;
}

export type Operator = "equals" | "startsWith" | "endsWith" | "notEquals" | "notStartsWith" | "notEndsWith";
export const OPERATORS: readonly Operator[] = ["equals", "startsWith", "endsWith", "notEquals", "notStartsWith", "notEndsWith"];

/** What a gateway's tool-call event carries, for each field a selector may test. */
export interface GatewayEvent {
    /** UNKNOWN at a first preview: the gateway id is assigned by AWS. */
    arn: MaybeUnknown<string> | undefined;
    /** True when the trail's selectors derive from this gateway (an unknown ARN there is this gateway's). */
    selectorsDeriveFromGateway: boolean;
}

export type Coverage = { covers: true } | { covers: false; why: string } | { covers: "unknown"; why: string };

function test(op: Operator, value: string, operand: string): boolean {
    switch (op) {
        case "equals": case "notEquals": return value === operand;
        case "startsWith": case "notStartsWith": return value.startsWith(operand);
        default: return value.endsWith(operand);
    }
}

/** Whether one operator matches a known event value; UNKNOWN operands decide "unknown". */
function operatorMatches(op: Operator, value: MaybeUnknown<string>, operands: MaybeUnknown<string>[], event: GatewayEvent, isArn: boolean): boolean | "unknown" {
    const positive = !op.startsWith("not");
    let any: boolean | "unknown" = false;
    for (const operand of operands) {
        let hit: boolean | "unknown";
        if (isUnknown(operand)) {
            // An unknown ARN operand that derives from the gateway is its ARN: Equals matches.
            hit = isArn && op === "equals" && event.selectorsDeriveFromGateway ? true : isArn && op === "notEquals" && event.selectorsDeriveFromGateway ? true : "unknown";
        } else if (isUnknown(value)) hit = "unknown";
        else hit = test(op, value, operand);
        if (hit === true) { any = true; break; }
        if (hit === "unknown") any = "unknown";
    }
    if (any === "unknown") return "unknown";
    return positive ? any : !any;
}

const KNOWN_FIELDS: Record<string, (e: GatewayEvent) => MaybeUnknown<string>> = {
    eventCategory: () => "Data",
    "resources.type": () => GATEWAY_DATA_EVENT.resourceType,
    eventName: () => GATEWAY_DATA_EVENT.eventName,
    eventSource: () => GATEWAY_DATA_EVENT.eventSource,
};

/** Does one advanced event selector record the gateway's InvokeGateway data events? */
export function selectorCovers(fields: MaybeUnknown<ReadFieldSelector[]>, event: GatewayEvent): Coverage {
    if (isUnknown(fields)) return { covers: "unknown", why: "its field selectors are not known yet" };
    let unknownWhy: string | undefined;
    let sawCategory = false;
    for (const f of fields) {
        if (isUnknown(f.field) || f.field === undefined) return { covers: "unknown", why: "a field selector's field is not known yet" };
        const isArn = f.field === "resources.ARN";
        const read = KNOWN_FIELDS[f.field];
        if (!read && !isArn) return { covers: false, why: `it filters on ${JSON.stringify(f.field)}, which the rule cannot evaluate for InvokeGateway events (use eventCategory, resources.type, resources.ARN, eventName or eventSource)` };
        if (f.field === "eventCategory") sawCategory = true;
        const value: MaybeUnknown<string> = isArn ? (event.arn === undefined ? "" : event.arn) : read(event);
        for (const op of OPERATORS) {
            const operands = f.operators[op];
            if (operands === undefined) continue;
            const m = operatorMatches(op, value, operands, event, isArn);
            if (m === false) return { covers: false, why: `its ${f.field} ${op} ${JSON.stringify(operands.map((o) => (isUnknown(o) ? "<unknown>" : o)))} excludes this gateway's InvokeGateway events` };
            if (m === "unknown") unknownWhy = isUnknown(value) ? "the gateway's ARN is not known until pulumi up" : `its ${f.field} values are not known yet`;
        }
    }
    if (!sawCategory) return { covers: false, why: "it sets no eventCategory field selector (CloudTrail requires one)" };
    return unknownWhy ? { covers: "unknown", why: unknownWhy } : { covers: true };
}
