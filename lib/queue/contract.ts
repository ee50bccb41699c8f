import { z } from "zod";

/**
 * The queue contract: every queue name, its payload schema and its retry policy. Producers (web,
 * gateway) and consumers (worker) import this one module, so both sides agree on what a job carries.
 */

/** PostgreSQL schema that pg-boss installs its tables in. */
export const QUEUE_SCHEMA = "pgboss";

/** Retry and expiry settings of a queue. pg-boss copies them onto each job when it is sent. */
export type RetryPolicy = {
  /** Retries after the first attempt, so a job runs at most retryLimit + 1 times. */
  retryLimit: number;
  /**
   * Seconds before a retry. With retryBackoff (pg-boss 12), retry n waits a random time between
   * d * 2^(n-1) and twice that, where d = max(retryDelay, 1).
   */
  retryDelay: number;
  retryBackoff: boolean;
  /** Upper bound of one backoff delay, in seconds; unset means no bound. */
  retryDelayMax?: number;
  /** Seconds one attempt may stay active before pg-boss fails it, which counts as a transient failure. */
  expireInSeconds: number;
  /**
   * Seconds without a heartbeat after which pg-boss fails an active job, so a job whose worker died is
   * retried within this time instead of after expireInSeconds. pg-boss sends the heartbeat itself while
   * the handler runs. Unset: only expireInSeconds bounds the job.
   */
  heartbeatSeconds?: number;
  /** Queue that receives a copy of the job once it failed for good; unset where such a job is worthless. */
  deadLetter?: string;
};

export type QueueDefinition<Schema extends z.ZodType = z.ZodType> = {
  schema: Schema;
  retry: RetryPolicy;
  /**
   * pg-boss queue policy. "short" keeps at most one queued job per singletonKey, so sending the
   * entity id as singletonKey collapses duplicates. "standard" queues every job.
   */
  policy: "standard" | "short";
  /** Seconds pg-boss keeps a completed or failed job before deleting it. */
  deleteAfterSeconds: number;
  /** Seconds a job may wait unstarted before pg-boss deletes it. */
  retentionSeconds: number;
};

export type QueueContract = Record<string, QueueDefinition>;

/** Lists schema issues as "field.path: message" for error texts that name each invalid field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
}

/** Keeps the literal queue names and schema types of a contract, for typed sendJob and handlers. */
export function defineQueues<const Contract extends QueueContract>(contract: Contract): Contract {
  return contract;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Jobs that failed for good wait here for an operator to read, fix and redrive them. */
export const DEAD_LETTER_QUEUE = "system.dead-letter";

export const queues = defineQueues({
  [DEAD_LETTER_QUEUE]: {
    // A dead-lettered job keeps the payload of whichever queue it failed on, so any JSON object is valid.
    schema: z.record(z.string(), z.unknown()),
    // No worker consumes this queue: redrive moves a job back to its source queue and that queue's policy.
    retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 15 * MINUTE },
    policy: "standard",
    deleteAfterSeconds: 30 * DAY,
    // pg-boss gives each dead-lettered copy this queue's retention, so it also bounds how long one stays.
    retentionSeconds: 30 * DAY,
  },

  // Sent by every worker every 30 s. Whichever worker runs it refreshes its own ServiceInstance row
  // and the sender's, so a fresh row means the queue delivers jobs, not only that a process exists.
  "system.heartbeat": {
    schema: z.object({
      sentBy: z.string().min(1),
      sentAt: z.iso.datetime(),
    }),
    // A lost heartbeat is replaced by the next one, so retrying or keeping it has no value.
    retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 30 },
    // With singletonKey = sentBy, a worker whose queue is stuck keeps one queued heartbeat, not a pile.
    policy: "short",
    deleteAfterSeconds: HOUR,
    retentionSeconds: 5 * MINUTE,
  },

  // Analyses an uploaded file, or writes its rows into a new version. `attempt` is the import's attempt
  // counter when the job was sent; a job whose attempt is stale was replaced and does nothing.
  "datasets.import": {
    schema: z.object({
      importId: z.string().min(1),
      phase: z.enum(["analyze", "commit"]),
    }),
    // A retry starts the phase again from the first row; the version being built stays invisible.
    retry: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 6 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Clean preview, clean, split, export and draft save: operations that read one version and may write another.
  "datasets.task": {
    schema: z.object({ taskId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 6 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Runs a prompt experiment. Results are stored per row as they arrive, so a retried job (worker killed,
  // database hiccup) skips finished rows and resumes where the last attempt stopped.
  "prompts.experiment": {
    schema: z.object({ experimentId: z.string().min(1) }),
    retry: { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 12 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Trains one fine-tuning job through the Python trainer. The trainer saves checkpoints in the job's
  // output folder, so a retry (worker killed, trainer crashed) resumes from the newest one. The
  // heartbeat makes a killed worker's job retry within a minute instead of after the 24 h expiry.
  "finetune.train": {
    schema: z.object({ jobId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 24 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Downloads a base model from Hugging Face or ModelScope into LUODI_DATA_DIR/models. Verified files
  // stay in the partial folder between attempts, so a retry (worker killed, network failure) resumes.
  "finetune.download": {
    schema: z.object({ baseModelId: z.string().min(1) }),
    retry: { retryLimit: 5, retryDelay: 10, retryBackoff: true, retryDelayMax: 10 * MINUTE, expireInSeconds: 24 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Recognises the text of one image's derived copy in the worker's OCR child process. A retry (worker
  // killed, engine crashed or timed out) reads the image again from the start; nothing is stored until
  // the text is ready. "short" with singletonKey = assetId keeps one queued job per image.
  "media.ocr": {
    schema: z.object({ assetId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 30 * MINUTE, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "short",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Sends one audio file to a provider's /v1/audio/transcriptions and stores the transcript. A retry
  // (provider 5xx or timeout, worker killed) sends the file again; nothing is stored until the text is back.
  "media.transcribe": {
    schema: z.object({ assetId: z.string().min(1), modelId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 30 * MINUTE, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "short",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Analyses and commits one dataset import made from media files, through the datasets import code, in
  // one job so the rows never wait for a review. A retry resumes from the import's status.
  "media.dataset-rows": {
    schema: z.object({ importId: z.string().min(1), assetIds: z.array(z.string().min(1)).min(1) }),
    retry: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 6 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Makes the derived copy (EXIF orientation applied, metadata stripped) and the thumbnail of an uploaded
  // image, or reads an audio file's duration. Outputs replace the previous ones, so a retry starts over.
  "media.process": {
    schema: z.object({ assetId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: 15 * MINUTE, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Captions a batch of images with a vision model. Each caption is stored before the next call, so a retry
  // resumes with the captions still pending.
  "media.caption": {
    schema: z.object({ captionIds: z.array(z.string().min(1)).min(1).max(200) }),
    retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 2 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },

  // Extracts schema fields from the images of an extraction run with a vision model. Each image's result
  // is stored before the next call, so a retry resumes with the images still pending.
  "media.extract": {
    schema: z.object({ runId: z.string().min(1) }),
    retry: { retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 6 * HOUR, heartbeatSeconds: 30, deadLetter: DEAD_LETTER_QUEUE },
    policy: "standard",
    deleteAfterSeconds: 7 * DAY,
    retentionSeconds: 7 * DAY,
  },
});

export type QueueName = keyof typeof queues;

/** The payload of a queue as its handler receives it, after schema defaults and transforms. */
export type JobPayload<Name extends QueueName> = z.output<(typeof queues)[Name]["schema"]>;

/** The payload of a queue as a producer sends it. */
export type JobInput<Name extends QueueName> = z.input<(typeof queues)[Name]["schema"]>;
