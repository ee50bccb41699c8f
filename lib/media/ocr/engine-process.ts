/**
 * Entry of the OCR child process, started by OcrEngine (engine.ts) with an IPC channel. It loads the
 * models, sends one OcrReadyMessage, then replies to each OcrRequest with one OcrResponse, in order.
 * It exits when the channel closes, so it never outlives the worker that started it.
 *
 * Argument: --threads=N bounds onnxruntime's threads per model (optional).
 */
import { OcrFailure, recognizePage } from "./recognize-page";
import { Recognizer } from "./recognizer";
import type { OcrChildMessage, OcrRequest, OcrResponse } from "./types";

function send(message: OcrChildMessage): void {
  process.send?.(message);
}

function readThreads(): number | undefined {
  const argument = process.argv.find((value) => value.startsWith("--threads="));
  const threads = argument ? Number(argument.slice("--threads=".length)) : NaN;
  return Number.isInteger(threads) && threads > 0 ? threads : undefined;
}

async function reply(recognizer: Recognizer, request: OcrRequest): Promise<OcrResponse> {
  try {
    return { id: request.id, ok: true, result: await recognizePage(recognizer, request) };
  } catch (error) {
    if (error instanceof OcrFailure) return { id: request.id, ok: false, code: error.code, message: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, code: "engine_failed", message: `OCR failed: ${reason}` };
  }
}

async function main(): Promise<void> {
  if (!process.send) {
    console.error("engine-process must be started with an IPC channel (by OcrEngine)");
    process.exit(2);
  }
  process.on("disconnect", () => process.exit(0));

  const started = performance.now();
  const recognizer = await Recognizer.load({ threads: readThreads() });

  // Requests run one at a time: the models use every thread they are given, so running two
  // images at once only makes both slower.
  let queue = Promise.resolve();
  process.on("message", (request: OcrRequest) => {
    queue = queue.then(async () => send(await reply(recognizer, request)));
  });
  send({ ready: true, loadMs: Math.round(performance.now() - started) });
}

main().catch((error: unknown) => {
  console.error(`OCR engine failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
