import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { OcrError } from "./errors";
import type { OcrChildMessage, OcrRequest, OcrResult } from "./types";

const ENTRY = fileURLToPath(new URL("./engine-process.ts", import.meta.url));
const REPOSITORY_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** Characters of the child's stdout and stderr kept to explain a crash. */
const OUTPUT_TAIL_CHARS = 4000;

export type OcrEngineOptions = {
  /** onnxruntime threads per model in the child; unset uses onnxruntime's default (one per core). */
  threads?: number;
  /** Milliseconds one image may take, every rotation tried included, before the child is killed. */
  timeoutMs?: number;
  /** Milliseconds the child may take to load the models. */
  startTimeoutMs?: number;
  /** Requests that may wait behind the running one; more are rejected with code queue_full. */
  maxQueued?: number;
  /** Images with more pixels are rejected as invalid_image before decoding. */
  maxPixels?: number;
  log?: EngineLog;
};

type EngineLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

type Task = { request: OcrRequest; resolve: (result: OcrResult) => void; reject: (error: OcrError) => void };

const silentLog: EngineLog = { info: () => {}, warn: () => {} };

/**
 * Supervises one long-lived OCR child process (engine-process.ts). The child starts on the first
 * request, restarts on the next request after it dies, and handles one image at a time, in order.
 * A request that runs past timeoutMs kills the child, because onnxruntime cannot cancel a running model.
 */
export class OcrEngine {
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly maxQueued: number;
  private readonly maxPixels: number;
  private readonly log: EngineLog;

  private child: ChildProcess | null = null;
  private ready = false;
  private outputTail = "";
  private readonly waiting: Task[] = [];
  private running: { task: Task; timer: NodeJS.Timeout } | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: OcrEngineOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 120_000;
    this.maxQueued = options.maxQueued ?? 32;
    this.maxPixels = options.maxPixels ?? 100_000_000;
    this.log = options.log ?? silentLog;
  }

  /** Process id of the running child, or null before the first request and between restarts. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Recognises the text of the image file at `path` (absolute). Rejects with OcrError. */
  recognize(path: string): Promise<OcrResult> {
    if (this.closed) return Promise.reject(new OcrError("engine_closed", "The OCR engine is shut down"));
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(new OcrError("queue_full", `The OCR queue is full (max ${this.maxQueued} waiting images); try again later`));
    }

    return new Promise<OcrResult>((resolve, reject) => {
      this.waiting.push({ request: { id: this.nextId++, path, maxPixels: this.maxPixels }, resolve, reject });
      this.pump();
    });
  }

  /** Rejects waiting requests, stops the child and waits for it to exit. */
  async close(): Promise<void> {
    this.closed = true;
    const closedError = new OcrError("engine_closed", "The OCR engine is shut down");
    this.rejectWaiting(closedError);
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.task.reject(closedError);
      this.running = null;
    }
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;

    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  }

  private pump(): void {
    if (this.closed || this.running || this.waiting.length === 0) return;
    if (!this.child) {
      this.start();
      return;
    }
    if (!this.ready) return;

    const task = this.waiting.shift()!;
    const timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
    this.running = { task, timer };
    // A child that died a moment ago rejects the send; its "exit" then fails the task as engine_crashed.
    this.child.send(task.request, (error) => {
      if (error) this.log.warn({ pid: this.child?.pid, error: error.message }, "ocr.request_send_failed");
    });
  }

  private start(): void {
    this.ready = false;
    this.outputTail = "";
    const args = ["--import", "tsx", ENTRY];
    if (this.options.threads) args.push(`--threads=${this.options.threads}`);

    const child = spawn(process.execPath, args, { cwd: REPOSITORY_ROOT, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => this.keepOutput(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.keepOutput(chunk));
    child.on("message", (message: OcrChildMessage) => this.onMessage(child, message));
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
    child.on("error", (error) => {
      this.keepOutput(Buffer.from(`${error.message}\n`));
      // A spawn that failed (no pid) may emit no "exit", so it is reported here. onExit ignores a second call.
      if (child.pid === undefined) this.onExit(child, null, null);
    });

    this.startTimer = setTimeout(() => {
      this.log.warn({ pid: child.pid, startTimeoutMs: this.startTimeoutMs }, "ocr.engine_start_timed_out");
      child.kill("SIGKILL");
    }, this.startTimeoutMs);
    this.log.info({ pid: child.pid }, "ocr.engine_starting");
  }

  private onMessage(child: ChildProcess, message: OcrChildMessage): void {
    if (child !== this.child) return;
    if ("ready" in message) {
      clearTimeout(this.startTimer ?? undefined);
      this.ready = true;
      this.log.info({ pid: child.pid, loadMs: message.loadMs }, "ocr.engine_ready");
      this.pump();
      return;
    }

    const running = this.running;
    if (!running || running.task.request.id !== message.id) return;
    clearTimeout(running.timer);
    this.running = null;
    if (message.ok) running.task.resolve(message.result);
    else running.task.reject(new OcrError(message.code, message.message));
    this.pump();
  }

  private onTimeout(): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    this.log.warn({ pid: this.child?.pid, path: running.task.request.path, timeoutMs: this.timeoutMs }, "ocr.image_timed_out");
    running.task.reject(new OcrError("timeout", `OCR of the image took longer than ${this.timeoutMs} ms and was stopped`));
    // onExit restarts the child for the requests still waiting.
    this.child?.kill("SIGKILL");
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    clearTimeout(this.startTimer ?? undefined);
    const wasReady = this.ready;
    this.child = null;
    this.ready = false;
    if (this.closed) return;

    const output = this.outputTail.trim();
    this.log.warn({ pid: child.pid, code, signal, wasReady, output }, "ocr.engine_exited");

    const running = this.running;
    if (running) {
      clearTimeout(running.timer);
      this.running = null;
      running.task.reject(new OcrError("engine_crashed", `The OCR engine exited (code ${code}, signal ${signal}) while reading the image`));
    }

    // A child that never became ready would fail the same way again at once, so the waiting requests
    // fail now instead of restarting it in a loop. The next request tries a fresh start.
    if (!wasReady) {
      const reason = output ? `: ${output.slice(-500)}` : "";
      this.rejectWaiting(new OcrError("engine_start_failed", `The OCR engine failed to start (code ${code}, signal ${signal})${reason}`));
      return;
    }
    this.pump();
  }

  private rejectWaiting(error: OcrError): void {
    for (const task of this.waiting.splice(0)) task.reject(error);
  }

  private keepOutput(chunk: Buffer): void {
    this.outputTail = (this.outputTail + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  }
}
