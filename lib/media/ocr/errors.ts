import type { OcrFailureCode } from "./types";

/** Failure codes of an OCR request: the child's own and the supervisor's. */
export type OcrErrorCode = OcrFailureCode | "timeout" | "queue_full" | "engine_crashed" | "engine_start_failed" | "engine_closed";

/** Codes that fail the same way on every retry: the input itself is wrong. */
const PERMANENT_CODES: ReadonlySet<OcrErrorCode> = new Set(["invalid_image", "not_found"]);

export class OcrError extends Error {
  constructor(
    readonly code: OcrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "OcrError";
  }

  /** True when retrying the same image cannot help. */
  get permanent(): boolean {
    return PERMANENT_CODES.has(this.code);
  }
}
