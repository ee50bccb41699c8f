import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/** Events written per insert at most; a burst beyond it is written in several inserts. */
const MAX_BATCH = 200;
/** Milliseconds between writes while events arrive; steps can come many times a second. */
const FLUSH_INTERVAL_MS = 1_000;

type JobPatch = Prisma.FineTuneJobUpdateManyMutationInput;

/**
 * Buffers a job's events and field updates and writes them together about once a second: one
 * createMany for the events and one update for the newest field values. Later patches overwrite earlier
 * ones field by field, so the job row always gets the latest step, progress and metrics.
 */
export function createJobRecorder(db: Db, jobId: string) {
  let events: { jobId: string; type: string; data: Prisma.InputJsonValue }[] = [];
  let patch: JobPatch = {};
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown = null;

  const write = async () => {
    const batch = events.splice(0, MAX_BATCH);
    const fields = patch;
    patch = {};
    if (batch.length === 0 && Object.keys(fields).length === 0) return;
    await db.$transaction(async (tx) => {
      if (batch.length > 0) await tx.fineTuneEvent.createMany({ data: batch });
      if (Object.keys(fields).length > 0) await tx.fineTuneJob.updateMany({ where: { id: jobId }, data: fields });
    });
    if (events.length > 0) await write();
  };

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      try {
        await write();
      } catch (error) {
        failure ??= error;
      }
    });
    return writing;
  };

  const timer = setInterval(() => void flush(), FLUSH_INTERVAL_MS);

  return {
    append(type: string, data: object) {
      events.push({ jobId, type, data: data as Prisma.InputJsonValue });
    },
    update(fields: JobPatch) {
      patch = { ...patch, ...fields };
    },
    /** Writes everything buffered; rethrows the first write failure, so the job attempt fails visibly. */
    async flush() {
      await flush();
      if (failure !== null) throw failure;
    },
    async close() {
      clearInterval(timer);
      await this.flush();
    },
  };
}

export type JobRecorder = ReturnType<typeof createJobRecorder>;
