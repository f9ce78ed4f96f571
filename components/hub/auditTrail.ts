import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountScope } from "../../invariants/arns";
import { gatewayAuditSelector } from "../../invariants/auditSelector";
import { AUDIT_KEY_PREFIX, buildAuditBucketPolicy } from "../../invariants/documents/cloudTrailBucket";
import { Problem, problem } from "../../invariants/problems";

/**
 * I14: CloudTrail data events for the gateway (docs/aws-facts.md §16(c)). `create`: a trail of
 * this gateway's InvokeGateway data events only (no management events: the account's own
 * trail has those), log file validation on, into an S3 bucket whose policy lets exactly this
 * trail write exactly its prefix. `organizationTrail`: nothing is created; the hub exports
 * the selector to add to the organization's trail (README "Observability and audit").
 */
export type AuditTrailSpec = false | { create: { bucketName?: string } } | { organizationTrail: true };

/** S3: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function trailName(gatewayName: string): string {
    return `${gatewayName}-audit`;
}

/** The bucket name the hub uses unless one is given: global S3 names need the account in them. */
export function defaultAuditBucketName(gatewayName: string, accountId: string): string {
    return `${gatewayName}-audit-${accountId}`;
}

export function checkAuditTrailArgs(spec: AuditTrailSpec | undefined, gatewayName: string): Problem[] {
    if (spec === undefined || spec === false) return [];
    if ("organizationTrail" in spec) {
        return spec.organizationTrail === true ? [] : [problem("I14", `auditTrail.organizationTrail = ${JSON.stringify(spec.organizationTrail)}; only true is meaningful.`, "Pass { organizationTrail: true }, or { create: {} } for a trail the hub creates.")];
    }
    const name = spec.create.bucketName;
    if (name !== undefined && !BUCKET_NAME.test(name)) {
        return [problem("I14", `auditTrail.create.bucketName = ${JSON.stringify(name)} is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens).`, "Choose a valid, globally unique bucket name.")];
    }
    // The longest default (a 12-digit account) must fit S3's 63 characters.
    if (name === undefined && defaultAuditBucketName(gatewayName, "000000000000").length > 63) {
        return [problem("I14", `The audit bucket's default name "${defaultAuditBucketName(gatewayName, "<account>")}" would be longer than S3's 63 characters.`, "Set auditTrail.create.bucketName.")];
    }
    return [];
}

export interface AuditTrailInputs {
    name: string;
    gatewayName: string;
    gatewayArn: pulumi.Output<string>;
    scope: pulumi.Output<AccountScope>;
    bucketName?: string;
    tags?: Record<string, string>;
}

export function createAuditTrail(i: AuditTrailInputs, parent: pulumi.Resource): { trail: aws.cloudtrail.Trail; bucket: aws.s3.Bucket } {
    const bucketName = i.bucketName === undefined ? i.scope.apply((s) => defaultAuditBucketName(i.gatewayName, s.accountId)) : pulumi.output(i.bucketName);
    const bucket = new aws.s3.Bucket(`${i.name}-audit-bucket`, { bucket: bucketName, tags: i.tags }, { parent });
    const block = new aws.s3.BucketPublicAccessBlock(`${i.name}-audit-bucket-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, { parent });
    // Built from known parts (the account from the provider, the names): decided at a first preview.
    const policy = new aws.s3.BucketPolicy(`${i.name}-audit-bucket-policy`, {
        bucket: bucket.id,
        policy: pulumi.all([i.scope, bucketName]).apply(([s, b]) => JSON.stringify(buildAuditBucketPolicy({ ...s, bucketName: b, trailName: trailName(i.gatewayName), keyPrefix: AUDIT_KEY_PREFIX }))),
    }, { parent, dependsOn: [block] });
    // CloudTrail checks the bucket policy when the trail is created: the policy first.
    const trail = new aws.cloudtrail.Trail(`${i.name}-audit-trail`, {
        name: trailName(i.gatewayName),
        s3BucketName: bucket.id,
        s3KeyPrefix: AUDIT_KEY_PREFIX,
        enableLogging: true,
        enableLogFileValidation: true,
        includeGlobalServiceEvents: false,
        isMultiRegionTrail: false,
        advancedEventSelectors: [gatewayAuditSelector(i.gatewayArn)],
        tags: i.tags,
    }, { parent, dependsOn: [policy] });
    return { trail, bucket };
}
