export * from "./schema";
export * from "./validate";
export * from "./builder";
export * from "./evaluate";
export * from "./normalize";
export * from "./dogwood";
export * from "./features";
