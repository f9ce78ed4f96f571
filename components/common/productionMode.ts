import * as pulumi from "@pulumi/pulumi";
import { PRODUCTION_CONFIG_KEY, PRODUCTION_CONFIG_NAMESPACE, parseProductionSetting, resolveProduction } from "../../invariants/production";
import { Problem } from "../../invariants/problems";

/**
 * The stack's production mode, read from stack config `agentcore-hub:production` (one setting
 * for the components and the pack: invariants/production.ts), with the legacy component
 * argument allowed only to repeat it.
 */
export function stackProduction(argument: boolean | undefined): { production: boolean; problems: Problem[] } {
    const parsed = parseProductionSetting(new pulumi.Config(PRODUCTION_CONFIG_NAMESPACE).get(PRODUCTION_CONFIG_KEY));
    if (parsed !== undefined && typeof parsed !== "boolean") return { production: true, problems: [parsed] };
    return resolveProduction(argument, parsed);
}
