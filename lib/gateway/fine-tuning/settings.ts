import { env } from "@/lib/env";
import { readTrainerSettings, type TrainerSettings } from "@/lib/finetune/trainer-process";
import { enqueue as webEnqueue, type Enqueue } from "@/lib/queue/producer";
import type { GatewayDeps } from "../app";

/** Dependencies of the fine-tuning endpoints beyond the gateway's own parts. */
export type FineTuningDeps = {
  /** Sends finetune.train jobs to the workers. */
  enqueue: Enqueue;
  /** Largest accepted upload on POST /v1/files, in bytes. */
  maxFileBytes: number;
  /** Reads the trainer's interpreter and package folder for the launch plan; called per job creation. */
  trainerSettings: () => TrainerSettings;
};

const BYTES_PER_MB = 1024 * 1024;

/**
 * Fills in what the gateway's deps leave out from the environment: LUODI_GATEWAY_MAX_FILE_MB, the
 * process-wide pg-boss producer and LUODI_PYTHON_ENV. Tests pass their own queue and limits.
 */
export function fineTuningDeps(deps: GatewayDeps): FineTuningDeps {
  const configured = deps.fineTuning ?? {};
  return {
    enqueue: configured.enqueue ?? webEnqueue,
    maxFileBytes: configured.maxFileBytes ?? Math.round(env().LUODI_GATEWAY_MAX_FILE_MB * BYTES_PER_MB),
    trainerSettings: configured.trainerSettings ?? (() => readTrainerSettings()),
  };
}
