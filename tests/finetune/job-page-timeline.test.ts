import { describe, expect, it } from "vitest";
import { applyEvents, checkpointStep, emptyTimeline, evalMetricNames, lossRows, MAX_LOG_LINES, splitOfFile } from "@/components/finetune/job/job-timeline";
import { buildPipelineSource, stageStates } from "@/components/finetune/job/pipeline";
import type { JobEventView } from "@/components/finetune/job/types";

let nextSeq = 1;
function event(type: string, data: Record<string, unknown>): JobEventView {
  const seq = String(nextSeq++);
  return { seq, type, data, createdAt: new Date(0).toISOString() };
}

const step = (at: number, loss: number) =>
  event("step", { event: "step", step: at, total_steps: 6, epoch: at / 6, loss, learning_rate: 0.001 * (6 - at), tokens_per_second: 120.5, memory_mb: 300, eta_seconds: 6 - at });

describe("job page timeline", () => {
  it("collects steps, evaluations and registration", () => {
    const events = [
      event("attempt", { attempt: 1, maxAttempts: 3 }),
      event("start", { event: "start", resumed_from_step: null }),
      step(1, 5.2),
      step(2, 4.8),
      event("eval", { event: "eval", step: 2, eval_loss: 4.9, metrics: { accuracy: 0.5 } }),
      step(3, 4.1),
      event("registered", { modelVersionId: "mv1", name: "ft:tiny:ftjob-abc", providerModelId: "pm1" }),
    ];
    const timeline = applyEvents(emptyTimeline(), events);

    expect(timeline.steps.map((point) => point.step)).toEqual([1, 2, 3]);
    expect(timeline.steps[0]).toMatchObject({ loss: 5.2, learningRate: 0.005, tokensPerSecond: 120.5, memoryMb: 300 });
    expect(timeline.evals).toEqual([{ step: 2, evalLoss: 4.9, metrics: { accuracy: 0.5 } }]);
    expect(timeline.registered).toEqual({ modelVersionId: "mv1", name: "ft:tiny:ftjob-abc", providerModelId: "pm1" });
    expect(timeline.lastSeq).toBe(events.at(-1)!.seq);
    expect(evalMetricNames(timeline)).toEqual(["accuracy"]);
  });

  it("merges train and validation loss by step", () => {
    const timeline = applyEvents(emptyTimeline(), [step(1, 3), step(2, 2), event("eval", { step: 2, eval_loss: 2.5, metrics: {} }), event("eval", { step: 4, eval_loss: 2.1, metrics: {} })]);

    expect(lossRows(timeline)).toEqual([
      { step: 1, loss: 3, evalLoss: null },
      { step: 2, loss: 2, evalLoss: 2.5 },
      { step: 4, loss: null, evalLoss: 2.1 },
    ]);
  });

  it("skips events already applied", () => {
    const first = step(1, 3);
    const once = applyEvents(emptyTimeline(), [first]);
    const twice = applyEvents(once, [first]);

    expect(twice).toBe(once);
    expect(twice.steps).toHaveLength(1);
  });

  it("replaces steps redone after a resume", () => {
    const before = applyEvents(emptyTimeline(), [step(1, 3), step(2, 2.5), step(3, 2.2), event("error", { code: "internal", message: "boom" })]);
    expect(before.failure?.code).toBe("internal");

    const resumed = applyEvents(before, [event("start", { resumed_from_step: 2 }), step(3, 2.0), step(4, 1.8)]);

    expect(resumed.resumedFromStep).toBe(2);
    expect(resumed.failure).toBeNull();
    expect(resumed.steps.map((point) => [point.step, point.loss])).toEqual([
      [1, 3],
      [2, 2.5],
      [3, 2.0],
      [4, 1.8],
    ]);
  });

  it("keeps the newest log lines only", () => {
    const lines = Array.from({ length: MAX_LOG_LINES + 50 }, (_, index) => `line ${index}`);
    const timeline = applyEvents(emptyTimeline(), [event("log", { level: "info", lines: lines.slice(0, 100) }), event("log", { level: "warning", lines: lines.slice(100) })]);

    expect(timeline.logs).toHaveLength(MAX_LOG_LINES);
    expect(timeline.logs[0]!.text).toBe("line 50");
    expect(timeline.logs.at(-1)).toMatchObject({ text: `line ${MAX_LOG_LINES + 49}`, level: "warning" });
    expect(new Set(timeline.logs.map((line) => line.id)).size).toBe(MAX_LOG_LINES);
  });

  it("records the bad row of a trainer error", () => {
    const timeline = applyEvents(emptyTimeline(), [
      event("error", { code: "bad_row", message: "row 7 has no assistant message", file: "/data/finetune/datasets/v1-chat_sft/train.jsonl", line: 7, last_good_checkpoint: null }),
    ]);

    expect(timeline.failure).toMatchObject({ code: "bad_row", line: 7, lastGoodCheckpoint: null });
    expect(splitOfFile(timeline.failure!.file!)).toBe("train");
    expect(timeline.logs.at(-1)).toMatchObject({ level: "error", text: "bad_row: row 7 has no assistant message" });
  });

  it("ignores malformed event data", () => {
    const timeline = applyEvents(emptyTimeline(), [event("step", { step: "x", loss: "NaN" }), event("log", { lines: "not a list" }), event("eval", { step: 2, metrics: null })]);

    expect(timeline.steps).toEqual([{ step: 0, epoch: null, loss: null, learningRate: null, tokensPerSecond: null, memoryMb: null }]);
    expect(timeline.logs).toEqual([]);
    expect(timeline.evals).toEqual([{ step: 2, evalLoss: null, metrics: {} }]);
  });

  it("reads the step of a checkpoint folder", () => {
    expect(checkpointStep("/jobs/a/output/checkpoints/checkpoint-40")).toBe(40);
    expect(checkpointStep("/jobs/a/output/checkpoints/checkpoint-40/")).toBe(40);
    expect(checkpointStep("/jobs/a/output/adapter")).toBeNull();
  });
});

describe("job page pipeline", () => {
  it("marks stages by status", () => {
    expect(stageStates("queued", "data")).toEqual({ data: "pending", train: "pending", evaluate: "pending", register: "pending" });
    expect(stageStates("running", "train")).toEqual({ data: "done", train: "current", evaluate: "pending", register: "pending" });
    expect(stageStates("failed", "evaluate")).toEqual({ data: "done", train: "done", evaluate: "failed", register: "pending" });
    expect(stageStates("cancelled", "train")).toMatchObject({ train: "failed" });
    expect(stageStates("succeeded", "register")).toEqual({ data: "done", train: "done", evaluate: "done", register: "done" });
  });

  it("builds a mermaid flowchart with quoted labels", () => {
    const source = buildPipelineSource(stageStates("running", "train"), (stage) => (stage === "train" ? 'Train "LoRA"' : stage));

    expect(source.split("\n")[0]).toBe("graph LR");
    expect(source).toContain('stage_data["data"] --> stage_train["Train #quot;LoRA#quot;"] --> stage_evaluate["evaluate"] --> stage_register["register"]');
    expect(source).toMatch(/style stage_train fill:#dbeafe/);
    expect(source).toMatch(/style stage_evaluate .*stroke-dasharray/);
  });
});
