import { cloudTrailArn, logGroupArn, s3BucketArn } from "../../invariants/arns";
import type { ProviderScope } from "./providers";
import { serviceArn as arn } from "./serviceArn";
import { WireObject, knownString } from "./wire";

/**
 * What these rules read of synthesize.ts's SynthesisContext and FakeValues, structurally (a type
 * import of that module would close an import cycle, since it registers these rules).
 */
interface SynthesisContext {
    name: string;
    inputs: WireObject;
    scope: ProviderScope;
}
interface FakeValues {
    autoName(name: string): string;
    upperAlnum(tag: string, length: number): string;
}
type SynthesisRule = (ctx: SynthesisContext, fake: FakeValues) => { id: string; outputs: WireObject };

/**
 * Update-mode outputs of the resources a gateway's observability uses (I14): log group,
 * vended-log delivery source / destination / delivery, CloudTrail trail, S3 bucket, alarm.
 * ARN shapes as each service documents them; names as the bridged provider assigns them (the
 * given name, else an auto-name).
 */

function named(ctx: SynthesisContext, fake: FakeValues, key = "name"): string {
    return knownString(ctx.inputs, key) ?? fake.autoName(ctx.name);
}

const logGroup: SynthesisRule = (ctx, fake) => {
    const name = named(ctx, fake);
    return { id: name, outputs: { name, arn: logGroupArn(ctx.scope, name) } };
};

const logsNamed = (kind: string): SynthesisRule => (ctx, fake) => {
    const name = named(ctx, fake);
    return { id: name, outputs: { name, arn: arn(ctx.scope, "logs", ctx.scope.region, ctx.scope.accountId, `${kind}:${name}`) } };
};

const logDelivery: SynthesisRule = (ctx, fake) => {
    const id = fake.upperAlnum("delivery", 16);
    return { id, outputs: { arn: arn(ctx.scope, "logs", ctx.scope.region, ctx.scope.accountId, `delivery:${id}`) } };
};

const trail: SynthesisRule = (ctx, fake) => {
    const name = named(ctx, fake);
    const trailArn = cloudTrailArn(ctx.scope, name);
    return { id: trailArn, outputs: { name, arn: trailArn, homeRegion: ctx.scope.region } };
};

const bucket: SynthesisRule = (ctx, fake) => {
    const name = knownString(ctx.inputs, "bucket") ?? fake.autoName(ctx.name).toLowerCase();
    return { id: name, outputs: { bucket: name, arn: s3BucketArn(ctx.scope.partition, name), bucketDomainName: `${name}.s3.amazonaws.com` } };
};

const alarm: SynthesisRule = (ctx, fake) => {
    const name = named(ctx, fake);
    return { id: name, outputs: { name, arn: arn(ctx.scope, "cloudwatch", ctx.scope.region, ctx.scope.accountId, `alarm:${name}`) } };
};

export const OBSERVABILITY_RULES: Readonly<Record<string, SynthesisRule>> = {
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": logsNamed("delivery-source"),
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": logsNamed("delivery-destination"),
    "aws:cloudwatch/logDelivery:LogDelivery": logDelivery,
    "aws:cloudtrail/trail:Trail": trail,
    "aws:s3/bucket:Bucket": bucket,
    "aws:cloudwatch/metricAlarm:MetricAlarm": alarm,
};
