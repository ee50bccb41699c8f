import { PgBoss, type SendOptions } from "pg-boss";
import type { z } from "zod";
import { logger, type Logger } from "@/lib/log";
import { toSafeErrorText } from "@/lib/system/error-text";
import { QUEUE_SCHEMA, describeIssues, queues, type JobInput, type QueueContract, type QueueDefinition, type QueueName } from "./contract";

export type { PgBoss };

export type StartBossOptions = {
  /** Names this process in pg_stat_activity and in pg-boss's instance registry, e.g. "worker". */
  service: string;
  /** Queues to create or update; defaults to the application contract. */
  contract?: QueueContract;
  /** Connections in pg-boss's own pool. */
  maxConnections?: number;
  /**
   * Whether this instance runs pg-boss maintenance (expiry, retention, dead-lettering of expired jobs)
   * and the cron clock. Workers do. Producers such as the web console and the gateway only send.
   */
  maintenance?: boolean;
  log?: Logger;
};

/**
 * Starts pg-boss over a connection string: installs or migrates its schema, then creates the queues
 * of the contract. Retries the first connection a few times, because the launcher starts the
 * database and this process together.
 */
export async function startBoss(connectionString: string, options: StartBossOptions): Promise<PgBoss> {
  const log = (options.log ?? logger).child({ component: "pg-boss" });
  const maintenance = options.maintenance ?? true;

  const boss = new PgBoss({
    connectionString,
    schema: QUEUE_SCHEMA,
    application_name: `luodi-${options.service}`,
    instanceName: options.service,
    // pglite-socket runs one transaction at a time, so a large pool only queues up inside the server.
    max: options.maxConnections ?? 4,
    supervise: maintenance,
    // Supervision fails jobs whose heartbeat stopped (a killed worker); every 15 s instead of 60 s keeps
    // that delay near the queue's heartbeatSeconds.
    superviseIntervalSeconds: 15,
    schedule: maintenance,
  });

  // Without an `error` listener an EventEmitter error would crash the process. pg-boss reports
  // failed polls and maintenance passes here and keeps going.
  boss.on("error", (error) => log.error({ error: toSafeErrorText(error) }, "queue.error"));
  boss.on("warning", (warning) => {
    // A slow_query warning carries the statement's parameter values, which include job payloads.
    const { values: _values, ...data } = warning.data as Record<string, unknown>;
    log.warn({ data }, `queue.warning: ${warning.message}`);
  });

  await boss.start({ attempts: 5 });
  await createQueues(boss, options.contract ?? queues, log);
  log.info({ maintenance }, "queue.started");
  return boss;
}

/**
 * Creates each queue of the contract, or updates its retry and retention settings when it exists.
 * Dead-letter queues go first because pg-boss rejects a deadLetter that names a missing queue.
 */
export async function createQueues(boss: PgBoss, contract: QueueContract, log: Logger = logger): Promise<void> {
  const entries = Object.entries(contract);
  for (const [name, definition] of entries) {
    const target = definition.retry.deadLetter;
    if (target && !contract[target]) {
      throw new Error(`Queue "${name}" names dead-letter queue "${target}", which is not in the contract: add it there`);
    }
  }

  const ordered = [...entries.filter(([, d]) => !d.retry.deadLetter), ...entries.filter(([, d]) => d.retry.deadLetter)];
  for (const [name, definition] of ordered) {
    const settings = queueSettings(definition);
    const existing = await boss.getQueue(name);
    if (!existing) {
      await boss.createQueue(name, { ...settings, policy: definition.policy });
      continue;
    }

    // pg-boss cannot change a queue's policy in place; the new one needs a new queue name.
    if (existing.policy !== definition.policy) {
      log.warn({ queue: name, current: existing.policy, expected: definition.policy }, "queue.policy_mismatch");
    }
    await boss.updateQueue(name, { ...settings, deadLetter: definition.retry.deadLetter ?? null, retryDelayMax: definition.retry.retryDelayMax ?? null });
  }
}

function queueSettings(definition: QueueDefinition) {
  const { retry } = definition;
  return {
    retryLimit: retry.retryLimit,
    retryDelay: retry.retryDelay,
    retryBackoff: retry.retryBackoff,
    expireInSeconds: retry.expireInSeconds,
    deleteAfterSeconds: definition.deleteAfterSeconds,
    retentionSeconds: definition.retentionSeconds,
    // pg-boss rejects these keys when present but undefined, so they are only set when defined.
    ...(retry.retryDelayMax !== undefined && { retryDelayMax: retry.retryDelayMax }),
    ...(retry.deadLetter !== undefined && { deadLetter: retry.deadLetter }),
    ...(retry.heartbeatSeconds !== undefined && { heartbeatSeconds: retry.heartbeatSeconds }),
  };
}

/**
 * Per-job send options. Retry settings come from the queue, so they are not offered here.
 * `singletonKey`: the entity id, so that on a "short" queue a second job for the same entity
 * collapses into the queued one and sendJob returns null.
 */
export type JobSendOptions = Pick<SendOptions, "singletonKey" | "startAfter" | "priority">;

/** Raised by sendJob when a payload does not match its queue's schema; nothing is queued. */
export class InvalidJobPayloadError extends Error {
  constructor(
    readonly queue: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`Invalid payload for queue "${queue}": ${describeIssues(issues)}`);
    this.name = "InvalidJobPayloadError";
  }
}

/** Validates the payload against the application contract and sends the job; returns its id, or null when it collapsed. */
export function sendJob<Name extends QueueName>(
  boss: PgBoss,
  name: Name,
  payload: JobInput<Name>,
  options: JobSendOptions = {},
): Promise<string | null> {
  return sendContractJob(boss, queues, name, payload, options);
}

/** sendJob over any contract; tests use it with queues of their own. */
export async function sendContractJob<Contract extends QueueContract, Name extends keyof Contract & string>(
  boss: PgBoss,
  contract: Contract,
  name: Name,
  payload: z.input<Contract[Name]["schema"]>,
  options: JobSendOptions = {},
): Promise<string | null> {
  const definition = contract[name];
  if (!definition) throw new Error(`Unknown queue "${name}": add it to the queue contract`);

  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw new InvalidJobPayloadError(name, parsed.error.issues);

  // pg-boss stores a payload as a JSON object, so a schema that admits other values is a contract bug.
  if (typeof parsed.data !== "object" || parsed.data === null) {
    throw new Error(`Queue "${name}" payload schema must describe a JSON object, got ${typeof parsed.data}`);
  }
  return boss.send(name, parsed.data, options);
}
