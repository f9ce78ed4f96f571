import { AccountProviders, DEFAULT_DEPLOY_ROLE_NAME, accountProviders as sharedAccountProviders } from "../../components/common/accountProviders";

export type { AccountProviders };

/** Accounts of the synthetic organizations: a hub and numbered spokes (12 digits, distinct). */
export const HUB_ACCOUNT_ID = "111111111111";
export const REGION = "us-east-1";

export function spokeAccountId(index: number): string {
    return String(400_000_000_000 + index);
}

/**
 * The shipped helper (components/common/accountProviders.ts), as a real multi-account program
 * uses it: the mock engine, like AWS, answers caller identity with the account of the assumed
 * role, so every ARN a component builds from its provider lands in the right account.
 */
export function accountProviders(name: string, accountId: string, region: string = REGION): AccountProviders {
    return sharedAccountProviders(name, accountId, region, DEFAULT_DEPLOY_ROLE_NAME);
}
