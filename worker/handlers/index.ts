import { runImportJob } from "@/lib/datasets/import-job";
import { runTaskJob } from "@/lib/datasets/task-job";
import type { Db } from "@/lib/db/client";
import { runExperimentJob } from "@/lib/experiments/experiment-job";
import { runHubDownloadJob } from "@/lib/finetune/hub-download-job";
import { runCaptionJob } from "@/lib/media/caption-job";
import { runExtractionJob } from "@/lib/media/extract/job";
import { runOcrJob } from "@/lib/media/ocr-job";
import { runMediaProcessJob } from "@/lib/media/process-job";
import { runDatasetRowsJob } from "@/lib/media/dataset-rows-job";
import { runTranscribeJob } from "@/lib/media/transcribe-job";
import { runFineTuneJob } from "@/lib/finetune/train-job";
import { queues } from "@/lib/queue/contract";
import { pruneJobRuns } from "@/lib/queue/job-runs";
import { enqueue as webEnqueue, type Enqueue } from "@/lib/queue/producer";
import type { HandlerRegistry } from "@/lib/queue/work";
import { recordHeartbeat, type InstanceHandle } from "@/lib/system/instance";

export type HandlerDeps = {
  db: Db;
  instance: InstanceHandle;
  /** Sends follow-up jobs (media processing queues OCR); the process-wide producer when unset. */
  enqueue?: Enqueue;
};

/**
 * The worker's handler for each queue it consumes. Handlers stay thin: each one calls a function in
 * lib/<domain>, and runJob around it does logging, timing, JobRun rows and retry classification.
 */
export function createHandlers(deps: HandlerDeps): HandlerRegistry<typeof queues> {
  return {
    "system.heartbeat": async (payload) => {
      await recordHeartbeat(deps.db, deps.instance, payload.sentBy);
      await pruneJobRuns(deps.db);
    },

    "datasets.import": async (payload, context) => {
      const maxAttempts = queues["datasets.import"].retry.retryLimit + 1;
      await runImportJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.importId, payload.phase);
    },

    "datasets.task": async (payload, context) => {
      const maxAttempts = queues["datasets.task"].retry.retryLimit + 1;
      await runTaskJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.taskId);
    },

    "prompts.experiment": async (payload, context) => {
      const maxAttempts = queues["prompts.experiment"].retry.retryLimit + 1;
      await runExperimentJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts, signal: context.signal }, payload.experimentId);
    },

    "finetune.train": async (payload, context) => {
      const maxAttempts = queues["finetune.train"].retry.retryLimit + 1;
      await runFineTuneJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts, signal: context.signal }, payload.jobId);
    },

    "finetune.download": async (payload, context) => {
      const maxAttempts = queues["finetune.download"].retry.retryLimit + 1;
      await runHubDownloadJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts, signal: context.signal }, payload.baseModelId);
    },

    "media.ocr": async (payload, context) => {
      const maxAttempts = queues["media.ocr"].retry.retryLimit + 1;
      await runOcrJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.assetId);
    },

    "media.transcribe": async (payload, context) => {
      const maxAttempts = queues["media.transcribe"].retry.retryLimit + 1;
      await runTranscribeJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.assetId, payload.modelId);
    },

    "media.dataset-rows": async (payload, context) => {
      const maxAttempts = queues["media.dataset-rows"].retry.retryLimit + 1;
      await runDatasetRowsJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.importId, payload.assetIds);
    },

    "media.process": async (payload, context) => {
      const maxAttempts = queues["media.process"].retry.retryLimit + 1;
      const enqueue = deps.enqueue ?? webEnqueue;
      await runMediaProcessJob({ db: deps.db, log: context.log, enqueue, attempt: context.attempt, maxAttempts }, payload.assetId);
    },

    "media.caption": async (payload, context) => {
      const maxAttempts = queues["media.caption"].retry.retryLimit + 1;
      await runCaptionJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.captionIds);
    },

    "media.extract": async (payload, context) => {
      const maxAttempts = queues["media.extract"].retry.retryLimit + 1;
      await runExtractionJob({ db: deps.db, log: context.log, attempt: context.attempt, maxAttempts }, payload.runId);
    },
  };
}
