import { defaultOperationSchema } from "../../invariants/openApiTools";
import { TargetTools } from "../../invariants/toolSchema";
import { TargetSpec } from "./specs";

/** The tools a target exposes, as the Cedar schema and the access summary see them. */
export function targetTools(t: TargetSpec): TargetTools {
    if (t.kind === "lambda") return { targetName: t.name, tools: t.tools };
    const ops = t.create?.operations ?? t.existing?.operations ?? [];
    return {
        targetName: t.name,
        tools: ops.map((o) => ({ name: o.toolName, description: o.description, inputSchema: o.inputSchema ?? defaultOperationSchema(o.path) })),
    };
}
