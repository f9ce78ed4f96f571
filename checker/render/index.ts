export { renderJson, renderJsonFailure } from "./json";
export { renderSarif, renderSarifFailure } from "./sarif";
export { renderText } from "./text";
export { renderStackSetJson, renderStackSetSarif, renderStackSetText } from "./stackSet";
