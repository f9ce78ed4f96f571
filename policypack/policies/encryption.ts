import { parseArn } from "../../invariants/arns";
import { KeyPolicyContext, checkKeyPolicy } from "../../invariants/documents/keyPolicy";
import { checkCustomerManagedKey, checkKeyPlacement, checkKeyRotation } from "../../invariants/encryption";
import { emptyResult } from "../../invariants/problems";
import { isUnknown } from "../../invariants/unknown";
import { placementOf } from "../model/placement";
import { propertyValue, unknownReason } from "../model/propertyValue";
import { engineOf } from "../model/relations";
import { ModelResource, bool, str } from "../model/resource";
import { StackModel } from "../model/stack";
import { T, isBridged, kindOf } from "../model/types";
import { AreaPolicy, Findings, ResourcePolicyDef, add, describe, findings } from "./framework";

/** The property that names a resource's key: a gateway's `kmsKeyArn`, a policy engine's `encryptionKeyArn` (same in both providers). */
function keyProperty(r: ModelResource): string {
    return kindOf(r.type) === "gateway" ? "kmsKeyArn" : "encryptionKeyArn";
}

/** I15 on one resource: in production a gateway and a policy engine name a customer-managed key. */
export const gatewayEncryption: ResourcePolicyDef = {
    name: "agentcore-gateway-encryption",
    description: "In a production stack every gateway and policy engine encrypts with a customer-managed KMS key (an exact key ARN), not a key AWS owns",
    invariants: ["I15"],
    types: [...T.gateway, ...T.policyEngine],
    check: (r, config) => {
        const out = findings();
        const prop = keyProperty(r);
        add(out, r, checkCustomerManagedKey(str(r.props[prop]), config.production, prop));
        return out;
    },
};

/** The key policies of a key of the stack: its own (bridged `policy`, aws-native `keyPolicy`) and any `aws.kms.KeyPolicy` on it. */
interface KeyPolicyDocument {
    what: string;
    owner: ModelResource;
    document: ReturnType<typeof propertyValue>;
    prop: string;
}

function keyPolicies(model: StackModel, key: ModelResource): KeyPolicyDocument[] {
    const prop = isBridged(key.type) ? "policy" : "keyPolicy";
    const out: KeyPolicyDocument[] = [];
    const own = propertyValue(key, prop);
    // No policy at all: KMS applies its default key policy (the account root only), which grants nothing wider.
    if (own !== undefined && own !== null && own !== "") out.push({ what: `its ${prop}`, owner: key, document: own, prop });
    for (const kp of model.of("kmsKeyPolicy")) {
        if (model.referenced(kp, "keyId", "kmsKey").includes(key)) out.push({ what: `${describe(kp)}`, owner: kp, document: propertyValue(kp, "policy"), prop: "policy" });
    }
    return out;
}

interface KeyUser {
    gateway: ModelResource;
    user: ModelResource;
    prop: string;
}

function checkStackKey(model: StackModel, u: KeyUser, production: boolean, seen: Set<string>, out: Findings): void {
    const value = str(propertyValue(u.user, u.prop));
    if (value === undefined || value === "") return;
    const roleArn = str(u.gateway.props.roleArn);
    const gwPlace = placementOf(u.gateway, [str(u.gateway.props.gatewayArn), typeof roleArn === "string" ? roleArn : undefined]);
    const keys = model.referenced(u.user, u.prop, "kmsKey");
    if (keys.length === 0) {
        if (isUnknown(value)) {
            out.deferred.push({ urn: u.user.urn, item: `${describe(u.user)}: ${unknownReason(u.user, u.prop)}, and it derives from no KMS key of this stack, so the key's policy and rotation cannot be checked` });
            return;
        }
        // A passed key: its policy lives outside this stack (in a real stack, at its owner's).
        if (!isUnknown(gwPlace.accountId) && !isUnknown(gwPlace.region)) {
            add(out, u.user, { problems: checkKeyPlacement(value, { partition: parseArn(value)?.partition ?? "aws", accountId: gwPlace.accountId, region: gwPlace.region }, u.prop), deferred: [] });
        }
        out.deferred.push({ urn: u.user.urn, item: `${describe(u.user)}: the key "${value}" is not created in this stack, so its key policy and rotation are not visible to the pack (review them where the key is managed)` });
        return;
    }
    for (const key of keys) {
        const marker = `${key.urn}|${String(isUnknown(roleArn) ? "?" : roleArn)}`;
        if (seen.has(marker)) continue;
        seen.add(marker);
        const keyPlace = placementOf(key, [str(key.props.arn)], isUnknown(gwPlace.accountId) ? undefined : gwPlace.accountId);
        const rotation = checkKeyRotation(bool(key.props.enableKeyRotation), production, `enableKeyRotation (the key of ${describe(u.gateway)})`);
        add(out, key, rotation);
        const ctx: KeyPolicyContext = { accountId: keyPlace.accountId, region: isUnknown(keyPlace.region) ? gwPlace.region : keyPlace.region, gatewayRoleArns: roleArn === undefined ? [] : [roleArn] };
        for (const p of keyPolicies(model, key)) {
            const result = isUnknown(p.document) ? { ...emptyResult(), deferred: [unknownReason(p.owner, p.prop)] } : checkKeyPolicy(p.document, ctx);
            add(out, p.owner, result, `${describe(p.owner)} (key of ${describe(u.gateway)}, ${p.what})`);
        }
    }
}

/**
 * I15 across the stack: the key each gateway and its policy engine use, when the program creates
 * it, rotates (production) and has a key policy that grants nothing wider than the hub's
 * (invariants/documents/keyPolicy.ts); a passed key is in the gateway's account and Region.
 */
export const gatewayKeyPolicy: AreaPolicy = {
    name: "agentcore-gateway-key-policy",
    description: "The KMS key a gateway and its policy engine use rotates and its key policy grants nothing wider than the hub needs: the account root administers it, the gateway role uses it only through AgentCore, CloudWatch Logs only for exact log groups",
    invariants: ["I15"],
    check: (model, config) => {
        const out = findings();
        const seen = new Set<string>();
        for (const gateway of model.of("gateway")) {
            const users: KeyUser[] = [{ gateway, user: gateway, prop: "kmsKeyArn" }, ...engineOf(model, gateway).map((e) => ({ gateway, user: e, prop: "encryptionKeyArn" }))];
            for (const u of users) checkStackKey(model, u, config.production, seen, out);
        }
        return out;
    },
};
