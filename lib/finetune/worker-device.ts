import type { Db } from "@/lib/db/client";
import { INSTANCE_STALE_AFTER_MS } from "@/lib/system/instance";
import { runTrainerCommand, type TrainerSettings } from "./trainer-process";

/** Device a worker trains on, stored in its ServiceInstance info as `trainingDevice`. */
export type TrainingDevice = "cuda" | "cpu";

/** Runs the trainer's `check` and returns "cuda" when PyTorch detects a CUDA device. */
export async function detectTrainingDevice(settings: TrainerSettings): Promise<TrainingDevice> {
  const { events } = await runTrainerCommand(settings, ["check"], 120_000);
  const ready = events.find((event) => event.event === "ready");
  return ready?.event === "ready" && ready.cuda ? "cuda" : "cpu";
}

/** True when a live worker (seen within the stale window, not stopped) reported a CUDA device. */
export async function gpuWorkerAvailable(db: Db): Promise<boolean> {
  const workers = await db.serviceInstance.findMany({
    where: { service: "worker", lastSeenAt: { gte: new Date(Date.now() - INSTANCE_STALE_AFTER_MS) } },
    select: { info: true },
  });
  return workers.some((worker) => {
    const info = worker.info as { trainingDevice?: unknown; stoppedAt?: unknown } | null;
    return info?.trainingDevice === "cuda" && !info.stoppedAt;
  });
}
