import { Problem, problem } from "./problems";

/**
 * AWS account ids and Region codes as arguments (docs/aws-facts.md "Arguments of the adopter's
 * path"): an account id is exactly 12 digits; a Region code is `<area>-<direction>-<n>` and an
 * Availability Zone code is a Region code followed by a letter, the mistake this catches.
 */
const ACCOUNT_ID = /^\d{12}$/;
// Area (us, eu, ap, cn, il, eusc, …), one or more words (east, gov-west, southeast, iso-b …), a number.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

/** I12: an argument that must be one 12-digit AWS account id. */
export function checkAccountId(value: unknown, argument: string): Problem | undefined {
    if (typeof value === "string" && ACCOUNT_ID.test(value)) return undefined;
    const shown = JSON.stringify(value) ?? String(value);
    const why = typeof value !== "string"
        ? `is a ${value === null ? "null" : typeof value}, not a string`
        : /^\d+$/.test(value) ? `has ${value.length} digits` : "is not all digits";
    return problem("I12", `${argument} = ${shown} ${why}: an AWS account id is exactly 12 digits.`, `Pass the account's 12-digit id as a string (keep leading zeros), e.g. "012345678901".`);
}

/** I12: an argument that must be a Region code (`us-east-1`), not an Availability Zone (`us-east-1a`). */
export function checkRegion(value: unknown, argument: string): Problem | undefined {
    if (typeof value === "string" && REGION.test(value)) return undefined;
    const shown = JSON.stringify(value) ?? String(value);
    if (typeof value === "string" && /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}[a-z]$/.test(value)) {
        return problem("I12", `${argument} = ${shown} is an Availability Zone code, not a Region: providers and ARNs take the Region.`, `Use the Region ${JSON.stringify(value.slice(0, -1))}.`);
    }
    return problem("I12", `${argument} = ${shown} is not an AWS Region code (like "us-east-1").`, `Pass the Region code, e.g. "us-east-1" or "eu-central-1".`);
}
