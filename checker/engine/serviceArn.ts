import type { ProviderScope } from "./providers";

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, the ARN shape every synthesized output uses (synthesize*.ts). */
export function serviceArn(scope: ProviderScope, service: string, region: string, account: string, resource: string): string {
    return `arn:${scope.partition}:${service}:${region}:${account}:${resource}`;
}
