import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";

/**
 * What a target needs to know about its hub before the gateway exists. Everything here is
 * built from account, Region and names, so it is known at a first preview.
 */
export interface HubContext {
    gatewayName: string;
    scope: pulumi.Output<AccountScope>;
    /** ARN of the gateway service role. */
    gatewayRoleArn: pulumi.Output<string>;
    /** aws:SourceArn AgentCore presents for this gateway (ten-`?` pattern of its id). */
    gatewaySourceArn: pulumi.Output<string>;
    tags?: Record<string, string>;
}

/** `GATEWAY_IAM_ROLE`: the gateway signs calls to the target with its service role (SigV4). */
export const GATEWAY_ROLE_CREDENTIALS = [{ credentialProviderType: "GATEWAY_IAM_ROLE" as const }];
