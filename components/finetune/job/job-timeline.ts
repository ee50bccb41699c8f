import type { JobEventView } from "./types";

/*
 * Folds a job's stored events (trainer events and worker events, oldest first) into what the job page
 * draws: the training curves, the evaluations, the log tail and the facts of the last attempt. Pure, so
 * the polling hook can apply each page of events as it arrives.
 */

/** Log lines kept for the log tail; older lines are dropped. */
export const MAX_LOG_LINES = 200;

export type StepPoint = {
  step: number;
  epoch: number | null;
  loss: number | null;
  learningRate: number | null;
  tokensPerSecond: number | null;
  memoryMb: number | null;
};

export type EvalPoint = { step: number; evalLoss: number | null; metrics: Record<string, number | null> };

export type LogLine = { id: string; level: string; text: string };

/** The trainer's error event, which names the dataset row (file and 1-based line) or spec field at fault. */
export type TrainerFailure = {
  code: string;
  message: string;
  field: string | null;
  file: string | null;
  line: number | null;
  lastGoodCheckpoint: string | null;
};

export type RegisteredVersion = { modelVersionId: string; name: string; providerModelId: string | null };

export type JobTimeline = {
  /** seq of the newest event applied; pass it as `after` to fetch newer ones. */
  lastSeq: string;
  steps: StepPoint[];
  evals: EvalPoint[];
  logs: LogLine[];
  failure: TrainerFailure | null;
  registered: RegisteredVersion | null;
  /** Step the newest attempt resumed from, or null when it started from scratch. */
  resumedFromStep: number | null;
};

export function emptyTimeline(): JobTimeline {
  return { lastSeq: "0", steps: [], evals: [], logs: [], failure: null, registered: null, resumedFromStep: null };
}

const numberOrNull = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

/**
 * Appends a point keyed by step. A resumed attempt starts again after its checkpoint's step, so points at
 * or after the new step belong to the lost part of the previous attempt and are replaced.
 */
function appendByStep<T extends { step: number }>(points: T[], point: T): T[] {
  const last = points.at(-1);
  if (!last || last.step < point.step) return [...points, point];
  return [...points.filter((existing) => existing.step < point.step), point];
}

function appendLogs(logs: LogLine[], seq: string, level: string, lines: string[]): LogLine[] {
  const added = lines.map((text, index) => ({ id: `${seq}:${index}`, level, text }));
  return [...logs, ...added].slice(-MAX_LOG_LINES);
}

function metricsOf(value: unknown): Record<string, number | null> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, metric]) => [key, numberOrNull(metric)]));
}

function applyEvent(timeline: JobTimeline, event: JobEventView): JobTimeline {
  const data = event.data;
  switch (event.type) {
    case "start":
      // A new attempt: an earlier attempt's error no longer describes the job.
      return { ...timeline, failure: null, resumedFromStep: numberOrNull(data.resumed_from_step) };
    case "step": {
      const point: StepPoint = {
        step: numberOrNull(data.step) ?? 0,
        epoch: numberOrNull(data.epoch),
        loss: numberOrNull(data.loss),
        learningRate: numberOrNull(data.learning_rate),
        tokensPerSecond: numberOrNull(data.tokens_per_second),
        memoryMb: numberOrNull(data.memory_mb),
      };
      return { ...timeline, steps: appendByStep(timeline.steps, point) };
    }
    case "eval": {
      const point: EvalPoint = { step: numberOrNull(data.step) ?? 0, evalLoss: numberOrNull(data.eval_loss), metrics: metricsOf(data.metrics) };
      return { ...timeline, evals: appendByStep(timeline.evals, point) };
    }
    case "log": {
      const lines = Array.isArray(data.lines) ? data.lines.filter((line): line is string => typeof line === "string") : [];
      return { ...timeline, logs: appendLogs(timeline.logs, event.seq, stringOrNull(data.level) ?? "info", lines) };
    }
    case "error": {
      const failure: TrainerFailure = {
        code: stringOrNull(data.code) ?? "internal",
        message: stringOrNull(data.message) ?? "",
        field: stringOrNull(data.field),
        file: stringOrNull(data.file),
        line: numberOrNull(data.line),
        lastGoodCheckpoint: stringOrNull(data.last_good_checkpoint),
      };
      return { ...timeline, failure, logs: appendLogs(timeline.logs, event.seq, "error", [`${failure.code}: ${failure.message}`]) };
    }
    case "registered":
      return {
        ...timeline,
        registered: { modelVersionId: stringOrNull(data.modelVersionId) ?? "", name: stringOrNull(data.name) ?? "", providerModelId: stringOrNull(data.providerModelId) },
      };
    default:
      return timeline;
  }
}

/** Applies events in seq order and returns the new timeline; events at or before lastSeq are skipped. */
export function applyEvents(timeline: JobTimeline, events: readonly JobEventView[]): JobTimeline {
  let next = timeline;
  for (const event of events) {
    if (BigInt(event.seq) <= BigInt(next.lastSeq)) continue;
    next = { ...applyEvent(next, event), lastSeq: event.seq };
  }
  return next;
}

/** One row per step for the loss chart: train loss from step events, validation loss from eval events. */
export type LossRow = { step: number; loss: number | null; evalLoss: number | null };

export function lossRows(timeline: JobTimeline): LossRow[] {
  const rows = new Map<number, LossRow>();
  for (const point of timeline.steps) rows.set(point.step, { step: point.step, loss: point.loss, evalLoss: null });
  for (const point of timeline.evals) {
    const row = rows.get(point.step) ?? { step: point.step, loss: null, evalLoss: null };
    rows.set(point.step, { ...row, evalLoss: point.evalLoss });
  }
  return [...rows.values()].sort((a, b) => a.step - b.step);
}

/** Metric names found in any evaluation step, sorted, for the columns of the evaluation table. */
export function evalMetricNames(timeline: JobTimeline): string[] {
  const names = new Set<string>();
  for (const point of timeline.evals) for (const name of Object.keys(point.metrics)) names.add(name);
  return [...names].sort();
}

/** Returns the step of a `checkpoint-<step>` folder, or null for another name. */
export function checkpointStep(folder: string): number | null {
  const match = /checkpoint-(\d+)\/?$/.exec(folder);
  return match ? Number(match[1]) : null;
}

/** Returns the split of an exported dataset file such as `.../train.jsonl`. */
export function splitOfFile(file: string): string {
  return (file.split(/[\\/]/).at(-1) ?? file).replace(/\.jsonl$/, "");
}
