/**
 * Dataset validation: detection of the dataset type and field mapping, normalization of source records
 * to canonical rows with their issues, token counts and row text.
 */
export { detectDataset } from "./detect";
export { normalizeRecord } from "./normalize";
export { countTokens } from "./tokens";
export { rowText } from "./row-text";
export { createTypeTracker } from "./type-tracker";
export { normalizeSplit } from "./split";
export type { Detection, DetectionCandidate, NormalizeResult, NormalizedRow, ValidationContext } from "./types";
