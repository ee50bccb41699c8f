import { stat } from "node:fs/promises";
import path from "node:path";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getJob } from "./jobs";

/**
 * Returns the folder of a job's newest complete checkpoint, for download. A job that failed or was
 * cancelled mid-training has no checkpoint artifact yet, so this reads the job's lastCheckpoint instead.
 * The folder must lie in the job's own checkpoints/ folder, so a tampered row cannot expose other paths.
 */
export async function lastCheckpointFolder(db: Db, actor: Actor, jobId: string): Promise<{ jobId: string; folder: string }> {
  const job = await getJob(db, actor, jobId);
  if (!job.lastCheckpoint || !job.outputDir) {
    throw new AppError("NOT_FOUND", "The job has no checkpoint yet; a checkpoint is saved every save_steps steps", { reason: "finetune.no_checkpoint" });
  }

  const checkpoints = path.resolve(job.outputDir, "checkpoints");
  const folder = path.resolve(job.lastCheckpoint);
  if (path.dirname(folder) !== checkpoints) {
    throw new AppError("NOT_FOUND", "The job's last checkpoint is outside its output folder", { reason: "finetune.no_checkpoint" });
  }

  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppError("NOT_FOUND", `The checkpoint's files are gone from ${folder}`, { reason: "finetune.artifact_missing", params: { path: folder } });
  }
  return { jobId: job.id, folder };
}
