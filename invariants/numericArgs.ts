import { Problem, problem } from "./problems";

/** A whole-number argument with its documented range (docs/aws-facts.md cites each). */
export interface WholeNumberRule {
    min: number;
    max: number;
    /** Appended to the range in messages, e.g. "MB". */
    unit?: string;
}

function range(rule: WholeNumberRule): string {
    const unit = rule.unit ? ` ${rule.unit}` : "";
    return `a whole number from ${rule.min.toLocaleString("en-US")} to ${rule.max.toLocaleString("en-US")}${unit}`;
}

/**
 * I12: a numeric argument. A value of another type (a string read from config, say) is reported
 * as a type error naming the type, not as if the number were out of range.
 */
export function checkWholeNumber(value: unknown, argument: string, rule: WholeNumberRule): Problem | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number") {
        const type = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
        const parsed = typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value));
        return problem(
            "I12",
            `${argument} = ${JSON.stringify(value) ?? String(value)} is ${type}, not a number: it must be ${range(rule)}.`,
            parsed ? `Pass the number itself: ${argument}: ${Number(value)} (from config, read it with config.requireNumber()).` : `Pass ${range(rule)}.`,
        );
    }
    if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
        return problem("I12", `${argument} = ${value} is out of range: it must be ${range(rule)}.`, `Pass ${range(rule)}.`);
    }
    return undefined;
}

/** The numeric arguments of a Lambda function the hub creates, and of a mock integration. */
export const NUMERIC_RULES = {
    // Lambda: 128 MB to 10,240 MB of memory, up to 900 s (15 minutes) per invocation.
    lambdaMemorySize: { min: 128, max: 10_240, unit: "MB" },
    lambdaTimeout: { min: 1, max: 900, unit: "seconds" },
    // An HTTP status code.
    httpStatusCode: { min: 100, max: 599 },
} as const satisfies Record<string, WholeNumberRule>;
