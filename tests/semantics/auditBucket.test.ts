import * as assert from "assert";
import { AUDIT_KEY_PREFIX, CLOUDTRAIL_SERVICE_PRINCIPAL, buildAuditBucketPolicy, trailArn } from "../../invariants/documents/cloudTrailBucket";
import { allowPolicy, decide, roleSession, serviceOnBehalfOf } from "../support/iamEvaluator";

/**
 * I14: the audit bucket's policy, proven with the IAM evaluator: CloudTrail acting for this
 * trail may write exactly its prefix (with the bucket-owner ACL) and read the bucket ACL;
 * CloudTrail for another trail, another account's role, and any request without TLS may not.
 */
const HUB = "111111111111";
const spec = { partition: "aws", region: "us-east-1", accountId: HUB, bucketName: "org-tools-audit-111111111111", trailName: "org-tools-audit", keyPrefix: AUDIT_KEY_PREFIX };
const policy = buildAuditBucketPolicy(spec);
const BUCKET = `arn:aws:s3:::${spec.bucketName}`;
const OBJECT = `${BUCKET}/agentcore-gateway/AWSLogs/${HUB}/CloudTrail/us-east-1/2026/12/01/log.json.gz`;
const TLS = { "aws:SecureTransport": "true" };
const ours = serviceOnBehalfOf(CLOUDTRAIL_SERVICE_PRINCIPAL, trailArn(spec), HUB);
const ACL = { "s3:x-amz-acl": "bucket-owner-full-control" };

function put(caller = ours, resource = OBJECT, context: Record<string, string> = { ...TLS, ...ACL }, identityPolicies: unknown[] = []) {
    return decide({ caller, action: "s3:PutObject", resource, resourceAccount: HUB, resourcePolicy: policy, identityPolicies, context });
}

describe("I14: the audit bucket policy (IAM evaluator)", () => {
    it("CloudTrail for this trail writes its prefix with the bucket-owner ACL, and reads the bucket ACL", async () => {
        assert.strictEqual(await put(), "Allowed");
        assert.strictEqual(await decide({ caller: ours, action: "s3:GetBucketAcl", resource: BUCKET, resourceAccount: HUB, resourcePolicy: policy, context: TLS }), "Allowed");
    });

    it("CloudTrail may not write outside the prefix, nor without the bucket-owner ACL", async () => {
        assert.strictEqual(await put(ours, `${BUCKET}/AWSLogs/${HUB}/x.json.gz`), "ImplicitlyDenied");
        assert.strictEqual(await put(ours, `${BUCKET}/agentcore-gateway/AWSLogs/222222222222/x.json.gz`), "ImplicitlyDenied");
        assert.strictEqual(await put(ours, OBJECT, { ...TLS, "s3:x-amz-acl": "public-read" }), "ImplicitlyDenied");
    });

    it("CloudTrail acting for another trail (a confused deputy) may not write", async () => {
        const other = serviceOnBehalfOf(CLOUDTRAIL_SERVICE_PRINCIPAL, "arn:aws:cloudtrail:us-east-1:222222222222:trail/theirs", "222222222222");
        assert.strictEqual(await put(other), "ImplicitlyDenied");
    });

    it("another principal may not write, even an administrator of another account; without TLS even the trail is denied", async () => {
        assert.strictEqual(await put(roleSession("arn:aws:iam::222222222222:role/admin"), OBJECT, { ...TLS, ...ACL }, [allowPolicy()]), "ImplicitlyDenied");
        assert.strictEqual(await put(ours, OBJECT, { "aws:SecureTransport": "false", ...ACL }), "ExplicitlyDenied");
    });
});
