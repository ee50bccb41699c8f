import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { summarizeResults } from "./stats";

/** Per-variant settings the progress writer reads. */
export type ProgressVariant = { id: string; samples: number; currency: string | null };

/**
 * Counters and summaries come from the stored results, not from in-memory tallies, so a job that resumes
 * after a crash reports the same numbers as one that never stopped. doneCalls counts each stored row as
 * its variant's calls per row; failedCalls counts rows whose call failed after retries.
 */
export async function writeProgress(db: Db, experimentId: string, variants: readonly ProgressVariant[], options: { summaries: boolean }): Promise<{ cancelRequested: boolean }> {
  const groups = await db.experimentResult.groupBy({ by: ["variantId", "status"], where: { experimentId }, _count: { _all: true } });

  let doneCalls = 0;
  let failedCalls = 0;
  const samplesOf = new Map(variants.map((variant) => [variant.id, variant.samples]));
  for (const group of groups) {
    doneCalls += group._count._all * (samplesOf.get(group.variantId) ?? 1);
    if (group.status === "error") failedCalls += group._count._all;
  }

  const updated = await db.experiment.update({
    where: { id: experimentId },
    data: { doneCalls, failedCalls, heartbeatAt: new Date() },
    select: { cancelRequested: true },
  });

  if (options.summaries) await writeSummaries(db, variants);
  return updated;
}

/** Recomputes each variant's accuracy, interval, latency, tokens, cost and agreement from its results. */
export async function writeSummaries(db: Db, variants: readonly ProgressVariant[]): Promise<void> {
  for (const variant of variants) {
    const results = await db.experimentResult.findMany({
      where: { variantId: variant.id },
      select: { status: true, correct: true, latencyMs: true, inputTokens: true, outputTokens: true, usageEstimated: true, cost: true, agreement: true },
    });
    const summary = summarizeResults(
      results.map((result) => ({ ...result, cost: result.cost === null ? null : Number(result.cost.toString()) })),
      variant.currency,
    );
    await db.experimentVariant.update({ where: { id: variant.id }, data: { summary: summary as unknown as Prisma.InputJsonValue } });
  }
}

/**
 * Calls `write` at most once per interval while rows finish, and reports whether the user asked to
 * cancel. Summaries are heavier (one read per variant), so they refresh on a longer interval.
 */
export function createProgressThrottle(write: (summaries: boolean) => Promise<{ cancelRequested: boolean }>, intervalMs = 1_000, summaryIntervalMs = 3_000) {
  let lastWrite = 0;
  let lastSummary = Date.now();
  let pending: Promise<void> | null = null;
  let cancelRequested = false;

  return {
    get cancelRequested() {
      return cancelRequested;
    },

    /** Writes progress when the interval has passed; concurrent callers share one write in flight. */
    async tick(): Promise<void> {
      const now = Date.now();
      if (pending || now - lastWrite < intervalMs) return;
      lastWrite = now;
      const summaries = now - lastSummary >= summaryIntervalMs;
      if (summaries) lastSummary = now;
      pending = write(summaries).then((state) => {
        cancelRequested = state.cancelRequested;
      });
      try {
        await pending;
      } finally {
        pending = null;
      }
    },

    /** Writes counters and summaries now, after waiting for any write in flight. */
    async flush(): Promise<void> {
      if (pending) await pending.catch(() => undefined);
      const state = await write(true);
      cancelRequested = state.cancelRequested;
    },
  };
}
