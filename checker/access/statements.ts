import { principalAccount } from "../../invariants/arns";
import { ReadStatement, actionCovers } from "../../invariants/policyDocument";
import { MaybeUnknown, isUnknown } from "../../invariants/unknown";
import { Principal } from "./types";

/** How an unknown value is written in the summary: it is known at `pulumi up`, not guessed. */
export const UNKNOWN_TEXT = "(unknown until pulumi up)";

export function known(value: MaybeUnknown<string>): string {
    return isUnknown(value) ? UNKNOWN_TEXT : value;
}

/** True when the statement's actions include `action` (wildcards as IAM matches them). */
export function coversAction(s: ReadStatement, action: string): boolean {
    if (s.actions === undefined) return false;
    // An unknown action may be this one: a summary of who can reach what over-reports rather than hides.
    if (s.notAction) return !s.actions.some((a) => !isUnknown(a) && actionCovers(a, action));
    return s.actions.some((a) => isUnknown(a) || actionCovers(a, action));
}

/** The statement's conditions as `Operator key=value|value`, except the keys in `skip`. */
export function conditionsOf(s: ReadStatement, skip: readonly string[] = []): string[] {
    if (isUnknown(s.conditions)) return [`conditions ${UNKNOWN_TEXT}`];
    const out: string[] = [];
    for (const [operator, keys] of s.conditions) {
        for (const [key, values] of keys) {
            if (skip.includes(key)) continue;
            out.push(`${operator} ${key}=${values.map(known).join("|")}`);
        }
    }
    return out;
}

export function resourcesOf(s: ReadStatement): string[] {
    const list = (s.resources ?? ["*"]).map(known);
    return s.notResource ? list.map((r) => `everything but ${r}`) : list;
}

function awsPrincipal(value: string, conditions: string[]): Principal {
    if (value === "*") return { kind: "anyone", principal: "*", conditions };
    const account = principalAccount(value);
    if (/^\d{12}$/.test(value) || /:root$/.test(value)) return { kind: "account", principal: value, account, conditions };
    if (/^arn:[^:]+:iam::\d{12}:role\//.test(value)) return { kind: "role", principal: value, account, conditions };
    return account === undefined ? { kind: "other", principal: value, conditions } : { kind: "other", principal: value, account, conditions };
}

/** The principals a statement names (`NotPrincipal` is reported as `other`, with the names it excludes). */
export function principalsOf(s: ReadStatement, conditions: string[] = conditionsOf(s)): Principal[] {
    if (s.principals === undefined) return [];
    if (isUnknown(s.principals)) return [{ kind: "other", principal: `principal ${UNKNOWN_TEXT}`, conditions }];
    if (s.notPrincipal) {
        const names = [...s.principals.values()].flat().map(known);
        return [{ kind: "anyone", principal: "*", conditions: [`except ${names.join(", ")}`, ...conditions] }];
    }
    const out: Principal[] = [];
    for (const [kind, values] of s.principals) {
        for (const v of values) {
            const value = known(v);
            if (kind === "*" || value === "*") out.push({ kind: "anyone", principal: "*", conditions });
            else if (kind === "AWS") out.push(awsPrincipal(value, conditions));
            else if (kind === "Service") out.push({ kind: "service", principal: value, conditions });
            else out.push({ kind: "other", principal: `${kind}:${value}`, conditions });
        }
    }
    return out;
}
