import { CheckResult, problem } from "./problems";
import { MaybeUnknown, isUnknown } from "./unknown";

/** I4: every method exposed as a tool uses AWS_IAM authorization, without an API key. */
export function checkMethodAuthorization(method: { httpMethod: MaybeUnknown<string>; path: MaybeUnknown<string>; authorization: MaybeUnknown<string> | undefined; apiKeyRequired?: MaybeUnknown<boolean> }): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    const name = `${isUnknown(method.httpMethod) ? "<method>" : method.httpMethod} ${isUnknown(method.path) ? "<path>" : method.path}`;
    if (isUnknown(method.authorization)) out.deferred.push(`${name}: authorization is unknown`);
    else if (method.authorization !== "AWS_IAM") {
        out.problems.push(problem("I4", `Method ${name} uses authorization ${JSON.stringify(method.authorization ?? "NONE")}: it is open (or unreachable with the gateway's IAM outbound auth).`, 'Set authorization: "AWS_IAM" on every method the gateway exposes.'));
    }
    if (method.apiKeyRequired === true) {
        out.problems.push(problem("I4", `Method ${name} requires an API key as well as AWS_IAM: AgentCore skips such methods, so the tool silently disappears.`, "Set apiKeyRequired: false on methods exposed as tools."));
    }
    return out;
}

/** REST API shapes AgentCore refuses at target creation (BRIEF §4). */
export function checkRestApiShape(api: { endpointTypes?: MaybeUnknown<string>[]; paths?: MaybeUnknown<string>[] }): CheckResult {
    const out: CheckResult = { problems: [], deferred: [] };
    for (const t of api.endpointTypes ?? []) {
        if (isUnknown(t)) out.deferred.push("the API endpoint type is unknown");
        else if (t === "PRIVATE") out.problems.push(problem("I12", "The REST API is PRIVATE: AgentCore gateway targets must be public REST APIs (the target would fail to create).", "Use a REGIONAL or EDGE endpoint; the resource policy and AWS_IAM keep it closed."));
    }
    for (const p of api.paths ?? []) {
        if (!isUnknown(p) && /\{[^}]+\+\}/.test(p)) out.problems.push(problem("I12", `Path ${p} is a greedy proxy path: AgentCore does not support {proxy+} resources.`, "Declare explicit paths for each operation."));
    }
    return out;
}
