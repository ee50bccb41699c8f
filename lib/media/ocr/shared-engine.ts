import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { OcrEngine } from "./engine";

let shared: OcrEngine | null = null;

/**
 * Returns the OCR engine of this process, created on first use. There is one per worker, because each
 * child process loads the models (881 MiB peak RSS in bench/ocr.md) and uses every onnxruntime thread.
 */
export function sharedOcrEngine(): OcrEngine {
  if (!shared) {
    const engine = new OcrEngine({ maxPixels: env().LUODI_MEDIA_MAX_PIXELS, log: logger.child({ component: "ocr-engine" }) });
    shared = engine;
    // The child also exits when its IPC channel closes; this covers a parent that exits without closing it.
    process.once("exit", () => void engine.close());
  }
  return shared;
}

/** Stops the shared engine's child process, if one was started. */
export async function closeSharedOcrEngine(): Promise<void> {
  const engine = shared;
  shared = null;
  await engine?.close();
}
