import { ReadObject } from "./resource";

/**
 * The inputs each modeled resource had when the engine called `Analyze` on it, by URN. The
 * engine analyzes every registration with its inputs after the provider's Check (pulumi/pulumi
 * pkg/resource/deploy/step_generator.go, see policies/analyzed.ts) and later hands
 * `AnalyzeStack` the outputs, where a bridged provider's preview leaves Optional+Computed
 * attributes the program did not set unknown. The stack model reads these records to tell
 * "the program set none" from "unknown" (model/propertyValue.ts).
 *
 * One pack process serves one engine run, and Analyze always precedes AnalyzeStack in it.
 */
const records = new Map<string, ReadObject>();

export function recordAnalyzed(urn: string, inputs: ReadObject): void {
    records.set(urn, inputs);
}

export function analyzedInputs(urn: string): ReadObject | undefined {
    return records.get(urn);
}
