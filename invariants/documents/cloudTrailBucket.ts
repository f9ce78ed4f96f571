import { cloudTrailArn, s3BucketArn } from "../arns";
import { PolicyDocument } from "../policyDocument";

/**
 * The bucket policy of the hub's audit-trail bucket: AWS's documented policy for a trail's
 * bucket (docs/aws-facts.md §16(d)): `cloudtrail.amazonaws.com` may read the bucket ACL and
 * write objects under `<prefix>/AWSLogs/<account>/`, with `s3:x-amz-acl` =
 * `bucket-owner-full-control`, both only for this trail (`aws:SourceArn` = the trail's ARN, the
 * confused-deputy guard AWS recommends). Added: every request without TLS is denied.
 * Everything is built from known parts (account, Region, names), so the document is decided at
 * a first preview.
 */

export const CLOUDTRAIL_SERVICE_PRINCIPAL = "cloudtrail.amazonaws.com";

/** The S3 key prefix the hub's trail writes under (CloudTrail appends `AWSLogs/<account>/`). */
export const AUDIT_KEY_PREFIX = "agentcore-gateway";

export interface AuditBucketSpec {
    partition: string;
    region: string;
    accountId: string;
    bucketName: string;
    trailName: string;
    keyPrefix: string;
}

export function trailArn(spec: Pick<AuditBucketSpec, "partition" | "region" | "accountId" | "trailName">): string {
    return cloudTrailArn(spec, spec.trailName);
}

export function buildAuditBucketPolicy(spec: AuditBucketSpec): PolicyDocument {
    const bucketArn = s3BucketArn(spec.partition, spec.bucketName);
    const sourceArn = trailArn(spec);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AWSCloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE_PRINCIPAL },
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: { "aws:SourceArn": sourceArn } },
            },
            {
                Sid: "AWSCloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: CLOUDTRAIL_SERVICE_PRINCIPAL },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/${spec.keyPrefix}/AWSLogs/${spec.accountId}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": sourceArn } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
