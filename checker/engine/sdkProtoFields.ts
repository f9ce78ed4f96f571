import * as resproto from "@pulumi/pulumi/proto/resource_pb";

/**
 * Resource-monitor fields newer than the lowest supported `@pulumi/pulumi` (3.204), detected on
 * the installed SDK's generated classes. The checker builds and reads the SDK's own protobuf
 * messages, so calling an accessor the installed SDK does not generate throws
 * (`req.getReplaceWithList is not a function` under 3.202 to 3.206 failed every registration a
 * transform ran on).
 *
 * Leaving such a field out is what the engine's exchange amounts to with that SDK: the SDK
 * cannot send it in a registration (its `RegisterResourceRequest` has no such field), and a
 * transform callback of that SDK neither sees nor returns it (protobuf drops unknown fields).
 *
 * - `replace_with`: pulumi/pulumi 32235a17d2 (#20693, "Add `ReplaceWith` resource option"),
 *   first in v3.207.0 (`sdk/nodejs/proto/resource_pb.js:3807` `RegisterResourceRequest.prototype.getReplaceWithList`,
 *   `:6835` on `TransformResourceOptions`); absent from v3.206.0's `resource_pb.js`.
 * - `replacement_trigger`: pulumi/pulumi e9a05e2d3f (#20936), first in v3.208.0
 *   (`sdk/nodejs/proto/resource_pb.js:3858`, `:6937`).
 */
export const sdkProtoFields = {
    replaceWith: typeof resproto.RegisterResourceRequest.prototype.getReplaceWithList === "function" && typeof resproto.TransformResourceOptions.prototype.setReplaceWithList === "function",
    replacementTrigger:
        typeof resproto.RegisterResourceRequest.prototype.getReplacementTrigger === "function" && typeof resproto.TransformResourceOptions.prototype.setReplacementTrigger === "function",
} as const;
