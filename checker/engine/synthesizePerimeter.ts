import { logGroupArn } from "../../invariants/arns";
import { ProviderScope } from "./providers";
import { serviceArn } from "./serviceArn";
import { WireObject, knownString } from "./wire";

/**
 * Update-mode outputs of the perimeter's resources (WAF, its log group, interface endpoints), in
 * the shapes AWS assigns: web ACL ARNs `arn:<p>:wafv2:<region>:<account>:regional|global/webacl/<name>/<uuid>`
 * (WAF API), log groups `arn:<p>:logs:<region>:<account>:log-group:<name>`, endpoint ids
 * `vpce-` and 17 hex digits. Kept apart from synthesize.ts, which spreads these rules into its
 * table; the context is typed structurally here so that the two files do not import each other.
 */
interface Context {
    name: string;
    inputs: WireObject;
    scope: ProviderScope;
}

interface Fakes {
    uuid(tag: string): string;
    chars(tag: string, length: number, alphabet: string): string;
    autoName(name: string): string;
}

type Rule = (ctx: Context, fake: Fakes) => { id: string; outputs: WireObject };

function webAclArn(ctx: Context, name: string, id: string): string {
    const scope = knownString(ctx.inputs, "scope") === "CLOUDFRONT" ? "global" : "regional";
    return serviceArn(ctx.scope, "wafv2", ctx.scope.region, ctx.scope.accountId, `${scope}/webacl/${name}/${id}`);
}

const classicWebAcl: Rule = (ctx, fake) => {
    const name = knownString(ctx.inputs, "name") ?? fake.autoName(ctx.name);
    const id = fake.uuid("webAclId");
    return { id, outputs: { name, arn: webAclArn(ctx, name, id), capacity: 0, lockToken: fake.uuid("lockToken") } };
};

const nativeWebAcl: Rule = (ctx, fake) => {
    const name = knownString(ctx.inputs, "name") ?? fake.autoName(ctx.name);
    const id = fake.uuid("webAclId");
    const arn = webAclArn(ctx, name, id);
    return { id: `${name}|${id}|${knownString(ctx.inputs, "scope") ?? "REGIONAL"}`, outputs: { name, arn, awsId: id, capacity: 0, labelNamespace: `awswaf:${ctx.scope.accountId}:webacl:${name}:` } };
};

const classicLogGroup: Rule = (ctx, fake) => {
    const name = knownString(ctx.inputs, "name") ?? fake.autoName(ctx.name);
    return { id: name, outputs: { name, arn: logGroupArn(ctx.scope, name) } };
};

function endpointId(fake: Fakes): string {
    return `vpce-${fake.chars("vpceId", 17, "0123456789abcdef")}`;
}

const classicVpcEndpoint: Rule = (ctx, fake) => {
    const id = endpointId(fake);
    return { id, outputs: { arn: serviceArn(ctx.scope, "ec2", ctx.scope.region, ctx.scope.accountId, `vpc-endpoint/${id}`), ownerId: ctx.scope.accountId, state: "available" } };
};

const nativeVpcEndpoint: Rule = (_ctx, fake) => {
    const id = endpointId(fake);
    return { id, outputs: { awsId: id } };
};

export const PERIMETER_RULES: Readonly<Record<string, Rule>> = {
    "aws:wafv2/webAcl:WebAcl": classicWebAcl,
    "aws-native:wafv2:WebAcl": nativeWebAcl,
    "aws:cloudwatch/logGroup:LogGroup": classicLogGroup,
    "aws:ec2/vpcEndpoint:VpcEndpoint": classicVpcEndpoint,
    "aws-native:ec2:VpcEndpoint": nativeVpcEndpoint,
};
