import type { Db } from "@/lib/db/client";
import type { queues } from "@/lib/queue/contract";
import { pruneJobRuns } from "@/lib/queue/job-runs";
import type { HandlerRegistry } from "@/lib/queue/work";
import { recordHeartbeat, type InstanceHandle } from "@/lib/system/instance";

export type HandlerDeps = { db: Db; instance: InstanceHandle };

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
  };
}
