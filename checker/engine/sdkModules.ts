import { createRequire } from "node:module";

/**
 * Modules the engine layer shares with `@pulumi/pulumi`, loaded from the SDK's own location.
 * They are dependencies of the SDK (not ours), and the protobuf and gRPC classes must be the
 * very instances the SDK's generated stubs use, or `instanceof` checks in serialization fail.
 */
const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const fromStubs = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));

export const structpb = fromSdk("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
export const emptypb = fromSdk("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");
export const grpc = fromStubs("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
/** The YAML parser the SDK reads Pulumi.yaml with. */
export const yaml = fromSdk("js-yaml") as { load(text: string): unknown };
