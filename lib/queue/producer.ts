import { env } from "@/lib/env";
import { sendJob, startBoss, type JobSendOptions, type PgBoss } from "./boss";
import type { JobInput, QueueName } from "./contract";

/** Sends a job on the application's queues; domain code takes this instead of a pg-boss instance. */
export type Enqueue = <Name extends QueueName>(name: Name, payload: JobInput<Name>, options?: JobSendOptions) => Promise<void>;

/** Wraps a started pg-boss instance as an Enqueue, for the worker and for tests. */
export function enqueueWith(boss: PgBoss): Enqueue {
  return async (name, payload, options) => {
    await sendJob(boss, name, payload, options);
  };
}

const globalForProducer = globalThis as unknown as { luodiProducer?: Promise<PgBoss> };

/**
 * Sends a job from the web process through one pg-boss instance per process. The instance starts on first
 * use without maintenance, because workers run expiry and retention, and survives Next.js hot reloads.
 */
export const enqueue: Enqueue = async (name, payload, options) => {
  globalForProducer.luodiProducer ??= startProducer();
  const boss = await globalForProducer.luodiProducer;
  await sendJob(boss, name, payload, options);
};

async function startProducer(): Promise<PgBoss> {
  const url = env().DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Luodi with the launcher (./luodi start) or set it");
  try {
    return await startBoss(url, { service: "web", maintenance: false, maxConnections: 2 });
  } catch (error) {
    // Forget the failed start, so the next request tries again instead of reusing the rejection.
    globalForProducer.luodiProducer = undefined;
    throw error;
  }
}
