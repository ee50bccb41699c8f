import { recordAudit } from "@/lib/audit/record";
import { emptyRequestMeta, type Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/log";
import type { CanaryMonitor, DeploymentConfig } from "./contracts";

/**
 * Watches the outcomes of canary calls and rolls a canary back when its error rate or p95 latency over the
 * most recent calls crosses the deployment's limits. Every replica runs one, so the rollback is a
 * compare-and-set on canaryState and only the replica that wins it writes the audit event.
 */

/** Outcomes kept per canary even when minRequests is smaller, so a rate is never read from a handful of calls. */
const MIN_WINDOW = 20;

export type CanaryMonitorOptions = {
  log: Logger;
  /** Called synchronously when a canary crosses a limit, so this replica stops routing to it before the next config refresh. */
  onRollback: (deploymentId: string, note: string) => void;
  now?: () => number;
};

export type CanaryMeasurement = {
  calls: number;
  errors: number;
  errorRate: number;
  p95Ms: number;
};

/** A canary monitor plus `drain`, which waits for rollback writes still in flight (for shutdown and tests). */
export type DrainableCanaryMonitor = CanaryMonitor & { drain(): Promise<void> };

/** Fixed-size ring of the latest outcomes of one canary model, with a running error count. */
class OutcomeWindow {
  readonly failed: boolean[];
  readonly latencies: Float64Array;
  count = 0;
  errors = 0;
  private next = 0;

  constructor(
    readonly modelId: string,
    readonly capacity: number,
    readonly changedAt: number,
  ) {
    this.failed = new Array<boolean>(capacity).fill(false);
    this.latencies = new Float64Array(capacity);
  }

  add(ok: boolean, latencyMs: number): void {
    if (this.count === this.capacity) {
      if (this.failed[this.next]) this.errors--;
    } else {
      this.count++;
    }
    this.failed[this.next] = !ok;
    this.latencies[this.next] = latencyMs;
    if (!ok) this.errors++;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Nearest-rank p95 over every call in the window, failed ones included (a timeout is slow too). */
  p95(): number {
    const sorted = Array.from(this.latencies.subarray(0, this.count)).sort((a, b) => a - b);
    return sorted[Math.ceil(0.95 * sorted.length) - 1] ?? 0;
  }

  /** Checks in one pass, without sorting, whether the p95 exceeds limitMs, which means more than 5% of calls are slower. */
  p95Exceeds(limitMs: number): boolean {
    let slower = 0;
    for (let index = 0; index < this.count; index++) if (this.latencies[index]! > limitMs) slower++;
    return slower > this.count - Math.ceil(0.95 * this.count);
  }
}

export function createCanaryMonitor(db: Db, options: CanaryMonitorOptions): DrainableCanaryMonitor {
  const now = options.now ?? Date.now;
  const windows = new Map<string, OutcomeWindow>();
  const pendingWrites = new Set<Promise<void>>();

  function windowFor(deploymentId: string, modelId: string, capacity: number, changedAt: number): OutcomeWindow {
    const existing = windows.get(deploymentId);
    // A new canary model, a new minRequests or a changed row (a resume, say) starts a fresh window. Old outcomes
    // describe another setup, and calls in flight at a rollback would otherwise count against the resumed canary.
    if (existing && existing.modelId === modelId && existing.capacity === capacity && existing.changedAt === changedAt) return existing;
    const created = new OutcomeWindow(modelId, capacity, changedAt);
    windows.set(deploymentId, created);
    return created;
  }

  function record(deployment: DeploymentConfig, outcome: { ok: boolean; latencyMs: number }): void {
    try {
      const canary = deployment.canary;
      // A caller that records only canary calls never passes an inactive canary, so a restarted canary is
      // recognised by its changedAt in windowFor instead of by this reset.
      if (!canary || canary.state !== "active") {
        windows.delete(deployment.id);
        return;
      }

      const minRequests = Math.max(1, Math.floor(canary.minRequests));
      const window = windowFor(deployment.id, canary.modelId, Math.max(minRequests, MIN_WINDOW), canary.changedAt ?? 0);
      window.add(outcome.ok, Number.isFinite(outcome.latencyMs) ? outcome.latencyMs : 0);
      if (window.count < minRequests) return;

      const errorRate = window.errors / window.count;
      const tooManyErrors = errorRate > canary.maxErrorRate;
      const tooSlow = canary.maxP95Ms !== null && window.p95Exceeds(canary.maxP95Ms);
      if (!tooManyErrors && !tooSlow) return;

      const measurement: CanaryMeasurement = { calls: window.count, errors: window.errors, errorRate, p95Ms: window.p95() };
      const note = rollbackNote(measurement, canary, { tooManyErrors, tooSlow });
      // Later outcomes start a new window, so stale traffic still in flight cannot trigger a second rollback at once.
      windows.delete(deployment.id);

      track(persistRollback(deployment, measurement, note));
      notifyRollback(deployment.id, note);
    } catch (error) {
      options.log.error({ err: error, deploymentId: deployment.id }, "gateway.canary.record_failed");
    }
  }

  function notifyRollback(deploymentId: string, note: string): void {
    try {
      options.onRollback(deploymentId, note);
    } catch (error) {
      options.log.error({ err: error, deploymentId }, "gateway.canary.on_rollback_failed");
    }
  }

  function track(write: Promise<void>): void {
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
  }

  async function persistRollback(deployment: DeploymentConfig, measurement: CanaryMeasurement, note: string): Promise<void> {
    const canary = deployment.canary!;
    try {
      const won = await writeRollback(db, deployment, measurement, note, new Date(now()));
      if (won) options.log.warn({ deploymentId: deployment.id, canaryModelId: canary.modelId, ...measurement }, "gateway.canary.rolled_back");
      else options.log.info({ deploymentId: deployment.id }, "gateway.canary.rollback_already_done");
    } catch (error) {
      // The next config refresh turns the canary on again here, and the next bad window retries the write.
      options.log.error({ err: error, deploymentId: deployment.id }, "gateway.canary.rollback_write_failed");
    }
  }

  return {
    record,
    async drain() {
      while (pendingWrites.size > 0) await Promise.all(pendingWrites);
    },
  };
}

/**
 * Sets canaryState to rolled_back only while it is still active with the same canary model, and audits it in
 * the same transaction. Returns false when another replica or an admin changed the canary first.
 */
async function writeRollback(
  db: Db,
  deployment: DeploymentConfig,
  measurement: CanaryMeasurement,
  note: string,
  at: Date,
): Promise<boolean> {
  const canary = deployment.canary!;
  return db.$transaction(async (tx) => {
    const updated = await tx.deployment.updateMany({
      where: { id: deployment.id, canaryState: "active", canaryModelId: canary.modelId },
      data: { canaryState: "rolled_back", canaryRolledBackAt: at, canaryRollbackNote: note },
    });
    if (updated.count === 0) return false;

    const system: Actor = { type: "system", userId: null, email: null, role: "admin", workspaceId: deployment.workspaceId };
    await recordAudit(tx, system, emptyRequestMeta, {
      action: "deployments.canary_rolled_back",
      targetType: "deployment",
      targetId: deployment.id,
      changes: {
        canaryState: { from: "active", to: "rolled_back" },
        canaryModelId: canary.modelId,
        calls: measurement.calls,
        errors: measurement.errors,
        errorRate: roundTo(measurement.errorRate, 4),
        p95Ms: Math.round(measurement.p95Ms),
        maxErrorRate: canary.maxErrorRate,
        maxP95Ms: canary.maxP95Ms,
        note,
      },
    });
    return true;
  });
}

/** English note for the deployment page and the audit log, naming the measured numbers and the limits. */
export function rollbackNote(
  measurement: CanaryMeasurement,
  limits: { maxErrorRate: number; maxP95Ms: number | null },
  crossed: { tooManyErrors: boolean; tooSlow: boolean },
): string {
  const over = `over the last ${measurement.calls} canary calls`;
  const reasons: string[] = [];
  if (crossed.tooManyErrors) {
    reasons.push(`error rate ${formatPercent(measurement.errorRate)} ${over} exceeded the ${formatPercent(limits.maxErrorRate)} limit`);
  }
  if (crossed.tooSlow && limits.maxP95Ms !== null) {
    reasons.push(`p95 latency ${Math.round(measurement.p95Ms)} ms ${over} exceeded the ${limits.maxP95Ms} ms limit`);
  }
  return reasons.join("; ");
}

function formatPercent(share: number): string {
  return `${roundTo(share * 100, 1)}%`;
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
