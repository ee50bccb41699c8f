import type { JobWithMetadata, PgBoss } from "pg-boss";
import type { z } from "zod";
import type { QueueContract } from "./contract";
import { runJob, type JobHandler, type RunJobDeps } from "./run-job";

/** Handlers by queue name; a queue without a handler is not consumed by this process. */
export type HandlerRegistry<Contract extends QueueContract> = {
  [Name in keyof Contract]?: JobHandler<z.infer<Contract[Name]["schema"]>>;
};

export type WorkOptions = {
  /** Jobs of one queue this process runs at once; a number applies to every queue. */
  concurrency: number | ((queue: string) => number);
  /** Seconds between polls of an idle queue; pg-boss accepts 0.5 and up. */
  pollingIntervalSeconds: number;
};

/**
 * Registers every handler of the registry with pg-boss, each behind runJob. Returns the queue names
 * consumed. Jobs are fetched one at a time (batchSize 1) so that concurrency alone sets the load.
 */
export async function workQueues<Contract extends QueueContract>(
  boss: PgBoss,
  contract: Contract,
  handlers: HandlerRegistry<Contract>,
  deps: RunJobDeps,
  options: WorkOptions,
): Promise<string[]> {
  const names: string[] = [];
  for (const [name, handler] of Object.entries(handlers) as [string, JobHandler<unknown> | undefined][]) {
    const definition = contract[name];
    if (!handler) continue;
    if (!definition) throw new Error(`Handler registered for unknown queue "${name}": add the queue to the contract`);

    const concurrency = typeof options.concurrency === "function" ? options.concurrency(name) : options.concurrency;
    const workOptions = {
      includeMetadata: true,
      perJobResults: true,
      batchSize: 1,
      localConcurrency: concurrency,
      pollingIntervalSeconds: options.pollingIntervalSeconds,
    } as const;
    await boss.work(name, workOptions, async (jobs: JobWithMetadata<unknown>[]) => {
      const results = [];
      for (const job of jobs) results.push(await runJob(deps, definition, job, handler));
      return results;
    });

    deps.log.info({ queue: name, concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds }, "queue.consuming");
    names.push(name);
  }
  return names;
}
