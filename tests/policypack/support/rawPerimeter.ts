import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";

const HUB = "111111111111";
const SPOKE = "222222222222";
const REGION = "us-east-1";

/** A raw program: an aws-native or bridged gateway, with or without a web ACL, and a spoke endpoint. */
export type RawCase = { gateway: "native" | "bridged"; waf: "none" | "failClose" | "failOpen" | "unset"; endpointPolicy?: "caller" | "star" | "none" };

export function rawPerimeter(c: RawCase): void {
    const role = `arn:aws:iam::${HUB}:role/agentcore/org-tools-gateway`;
    const gateway =
        c.gateway === "native"
            ? new awsnative.bedrockagentcore.Gateway("gateway", {
                  name: "org-tools", roleArn: role, protocolType: "MCP", authorizerType: "AWS_IAM",
                  wafConfiguration: c.waf === "failClose" ? { failureMode: "FAIL_CLOSE" } : c.waf === "failOpen" ? { failureMode: "FAIL_OPEN" } : undefined,
              })
            : new aws.bedrock.AgentcoreGateway("gateway", { name: "org-tools", roleArn: role, protocolType: "MCP", authorizerType: "AWS_IAM" });
    if (c.waf !== "none") {
        const acl = new aws.wafv2.WebAcl("acl", { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "acl", sampledRequestsEnabled: true } });
        new aws.wafv2.WebAclAssociation("acl-gateway", { resourceArn: gateway.gatewayArn, webAclArn: acl.arn });
    }
    if (c.endpointPolicy !== undefined) {
        const policy = c.endpointPolicy === "star"
            ? JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] })
            : c.endpointPolicy === "caller"
              ? gateway.gatewayArn.apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SPOKE}:role/agent` }, Action: "bedrock-agentcore:InvokeGateway", Resource: arn }] }))
              : undefined;
        new aws.ec2.VpcEndpoint("to-hub", { vpcId: "vpc-0a1b2c3d", serviceName: `com.amazonaws.${REGION}.bedrock-agentcore.gateway`, vpcEndpointType: "Interface", policy });
    }
}

