import { buildAgentCoreCedarSchema, checkCedarPolicies, cedarPolicy, evaluateCedar, GATEWAY_ARN_PLACEHOLDER } from "./invariants/cedar";
import { TargetTools } from "./invariants/toolSchema";
const targets: TargetTools[] = [
  { targetName: "refunds", tools: [{ name: "process_refund", description: "Refund an order", inputSchema: { type: "object", properties: { orderId: { type: "string" }, amount: { type: "integer" }, price: {type: "number"}, tags: {type: "array", items: {type: "string"}} }, required: ["orderId", "amount"] } }] },
  { targetName: "reservations", tools: [{ name: "create_reservation", description: "Book", inputSchema: { type: "object", properties: { guests: { type: "integer" } }, required: ["guests"] } }, { name: "cancel_reservation", description: "Cancel", inputSchema: { type: "object", properties: { id: { type: "string" } } } }] },
];
const schema = buildAgentCoreCedarSchema(targets, { principalTypes: ["IamEntity"] });
const b = cedarPolicy({ targets }).permit().principalIamRole({ accountId: "123456789012", roleName: "agent-role" }).tool("refunds", "process_refund").inputLessThan("amount", 1000).inputLessThan("price", 12.5).inputEquals("tags", 1 as never, {type: "Long"});
try { console.log(b.toString()); } catch (e) { console.log("ERR", (e as Error).message); }
const good = cedarPolicy({ targets }).permit().principalIamRole({ accountId: "123456789012", roleName: "agent-role" }).tool("refunds", "process_refund").inputLessThan("amount", 1000).inputLessThan("price", 12.5).toString();
console.log(good);
const gw = "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/hub-abcdefghij";
const cases: Record<string,string> = {
  good,
  syntax: 'permit(principal, action resource);',
  nontool: `permit(principal, action == AgentCore::Action::"refunds___nope", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}");`,
  permitall: 'permit(principal, action, resource) when { true };',
  two: 'permit(principal, action, resource); forbid(principal, action, resource);',
  wrongtype: `permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}") when { context.input.amount like "x" };`,
  wronggw: `permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/other-abcdefghij");`,
  nogw: `permit(principal, action == AgentCore::Action::"refunds___process_refund", resource);`,
  optional: `permit(principal, action == AgentCore::Action::"reservations___cancel_reservation", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}") when { context.input.id == "x" };`,
  impossibleForbid: `forbid(principal is AgentCore::OAuthUser, action == AgentCore::Action::"reservations___cancel_reservation", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}");`,
  callToolAll: `permit(principal, action in AgentCore::Action::"CallTool", resource is AgentCore::Gateway);`,
  big: `permit(principal, action == AgentCore::Action::"refunds___process_refund", resource == AgentCore::Gateway::"${GATEWAY_ARN_PLACEHOLDER}") when { ${Array.from({length: 700}, (_, i) => `context.input.orderId != "order-${i}"`).join(" && ")} };`,
};
for (const [name, statement] of Object.entries(cases)) {
  const ps = checkCedarPolicies([{ name, statement }], schema, { gatewayArn: gw });
  console.log(`--- ${name}: ${ps.length}`); for (const p of ps) console.log(p.invariant, p.message, "\n   FIX:", p.fix);
}
const pol = [{ name: "limit", statement: good }];
console.log(evaluateCedar(pol, schema, { principalArn: "arn:aws:sts::123456789012:assumed-role/agent-role/s1", action: "refunds___process_refund", gatewayArn: gw, input: { orderId: "o", amount: 500, price: 3.14159 } }));
console.log(evaluateCedar(pol, schema, { principalArn: "arn:aws:sts::123456789012:assumed-role/agent-role/s1", action: "refunds___process_refund", gatewayArn: gw, input: { orderId: "o", amount: 2000 } }));
console.log(evaluateCedar(pol, schema, { principalArn: "arn:aws:sts::123456789012:assumed-role/agent-role-admin/s1", action: "refunds___process_refund", gatewayArn: gw, input: { orderId: "o", amount: 5 } }));
console.log(evaluateCedar(pol, schema, { principalArn: "arn:aws:sts::123456789012:assumed-role/agent-role", action: "refunds___process_refund", gatewayArn: gw, input: { orderId: "o", amount: 5, price: 12.49999 } }));
console.log(evaluateCedar(pol, schema, { principalArn: "arn:aws:sts::123456789012:assumed-role/agent-role", action: "refunds___process_refund", gatewayArn: gw, input: { orderId: "o", amount: 5, price: 12.5 } }));
