import type { Db } from "@/lib/db/client";
import type { FineTuneEvent } from "@/lib/db/generated/client";
import { invalidRequest } from "../respond";

/** The OpenAI fine_tuning.job.event object. */
export type JobEventObject = {
  object: "fine_tuning.job.event";
  id: string;
  created_at: number;
  level: "info" | "warn" | "error";
  message: string;
  type: "message" | "metrics";
  data: Record<string, unknown> | null;
};

const EVENT_PREFIX = "ftevent-";
const CHECKPOINT_PREFIX = "ftckpt-";

type EventData = Record<string, unknown>;

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function format(value: unknown): string {
  const number = numberOrNull(value);
  return number === null ? "n/a" : String(Math.round(number * 10_000) / 10_000);
}

/** Builds the message, level, type and data of one event from the trainer or the worker. */
function describeEvent(type: string, data: EventData): Pick<JobEventObject, "level" | "message" | "type" | "data"> {
  switch (type) {
    case "step":
      return {
        level: "info",
        type: "metrics",
        message: `Step ${data.step}/${data.total_steps}: training loss=${format(data.loss)}`,
        data: { step: data.step, total_steps: data.total_steps, train_loss: numberOrNull(data.loss), learning_rate: data.learning_rate, epoch: data.epoch, tokens_per_second: data.tokens_per_second },
      };
    case "eval":
      return { level: "info", type: "metrics", message: `Step ${data.step}: validation loss=${format(data.eval_loss)}`, data: { step: data.step, valid_loss: numberOrNull(data.eval_loss), ...(data.metrics as EventData | undefined) } };
    case "attempt":
      return { level: "info", type: "message", message: `Attempt ${data.attempt} of ${data.maxAttempts} started`, data: null };
    case "stage":
      return { level: "info", type: "message", message: `Stage: ${data.stage}`, data: { stage: data.stage } };
    case "start":
      return { level: "info", type: "message", message: `Training started on ${data.device} for ${data.total_steps} steps`, data: { total_steps: data.total_steps, device: data.device, resumed_from_step: data.resumed_from_step ?? null } };
    case "checkpoint":
      return { level: "info", type: "message", message: `Checkpoint saved at step ${data.step}`, data: { step: data.step } };
    case "artifact":
      return { level: "info", type: "message", message: `Saved the ${data.kind} (${data.size_bytes} bytes)`, data: { kind: data.kind, size_bytes: data.size_bytes } };
    case "evaluation":
      return { level: "info", type: "metrics", message: `Evaluated on ${data.rows} ${data.split} rows`, data: { split: data.split, rows: data.rows, base: data.base, tuned: data.tuned } };
    case "done":
      return { level: "info", type: "message", message: `Training finished at step ${data.step}`, data: { step: data.step } };
    case "registered":
      return { level: "info", type: "message", message: `New fine-tuned model created: ${data.name}`, data: { fine_tuned_model: data.name } };
    case "cancel_requested":
      return { level: "info", type: "message", message: "Cancellation requested", data: null };
    case "failed":
      return { level: "error", type: "message", message: `The job failed (${data.code}): ${data.message}`, data: { code: data.code } };
    case "error":
      return { level: "error", type: "message", message: `The trainer reported ${data.code}: ${data.message}`, data: { code: data.code } };
    case "log": {
      const lines = Array.isArray(data.lines) ? data.lines.join("\n") : "";
      return { level: data.level === "error" ? "error" : data.level === "warning" ? "warn" : "info", type: "message", message: lines.slice(0, 2_000), data: null };
    }
    default:
      return { level: "info", type: "message", message: type, data: null };
  }
}

export function toEventObject(event: FineTuneEvent): JobEventObject {
  const data = (event.data ?? {}) as EventData;
  return { object: "fine_tuning.job.event", id: `${EVENT_PREFIX}${event.seq}`, created_at: Math.floor(event.createdAt.getTime() / 1000), ...describeEvent(event.type, data) };
}

/** Reads an `after` cursor of the form <prefix><sequence number>. */
function readCursor(after: string | null, prefix: string): bigint | null {
  if (!after) return null;
  const digits = after.startsWith(prefix) ? after.slice(prefix.length) : "";
  if (!/^\d{1,19}$/.test(digits)) throw invalidRequest(`\`after\` must be an id from an earlier page, such as ${prefix}42, but it is ${JSON.stringify(after.slice(0, 40))}.`, "after", "invalid_value");
  return BigInt(digits);
}

/** Events of a job, newest first; `after` continues below the last event id of the previous page. */
export async function listEvents(db: Db, jobId: string, options: { after: string | null; limit: number }) {
  const before = readCursor(options.after, EVENT_PREFIX);
  const events = await db.fineTuneEvent.findMany({
    where: { jobId, ...(before !== null ? { seq: { lt: before } } : {}) },
    orderBy: { seq: "desc" },
    take: options.limit + 1,
  });
  return { data: events.slice(0, options.limit).map(toEventObject), hasMore: events.length > options.limit };
}

/**
 * Checkpoints of a job, newest first, from its checkpoint events, with the training loss of the step
 * they were saved at and the latest validation loss up to that step.
 */
export async function listCheckpoints(db: Db, job: { id: string; externalId: string }, modelName: string, options: { after: string | null; limit: number }) {
  const before = readCursor(options.after, CHECKPOINT_PREFIX);
  const checkpoints = await db.fineTuneEvent.findMany({
    where: { jobId: job.id, type: "checkpoint", ...(before !== null ? { seq: { lt: before } } : {}) },
    orderBy: { seq: "desc" },
    take: options.limit + 1,
  });
  const metrics = await db.fineTuneEvent.findMany({ where: { jobId: job.id, type: { in: ["step", "eval"] } }, orderBy: { seq: "asc" } });

  const data = checkpoints.slice(0, options.limit).map((checkpoint) => {
    const step = Number((checkpoint.data as EventData).step ?? 0);
    const atStep = metrics.filter((event) => Number((event.data as EventData).step) <= step);
    const lastStep = atStep.filter((event) => event.type === "step").at(-1);
    const lastEval = atStep.filter((event) => event.type === "eval").at(-1);
    return {
      object: "fine_tuning.job.checkpoint" as const,
      id: `${CHECKPOINT_PREFIX}${checkpoint.seq}`,
      created_at: Math.floor(checkpoint.createdAt.getTime() / 1000),
      fine_tuned_model_checkpoint: `${modelName}:ckpt-step-${step}`,
      fine_tuning_job_id: job.externalId,
      step_number: step,
      metrics: {
        step,
        train_loss: numberOrNull((lastStep?.data as EventData | undefined)?.loss) ?? undefined,
        valid_loss: numberOrNull((lastEval?.data as EventData | undefined)?.eval_loss) ?? undefined,
      },
    };
  });
  return { data, hasMore: checkpoints.length > options.limit };
}
