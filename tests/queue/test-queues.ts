import { z } from "zod";
import { defineQueues, type RetryPolicy } from "@/lib/queue/contract";

const DEAD_LETTER = "test.dead-letter";
const keep = { policy: "standard", deleteAfterSeconds: 3600, retentionSeconds: 3600 } as const;
const retry = (policy: Omit<RetryPolicy, "expireInSeconds" | "deadLetter">): RetryPolicy => ({ ...policy, expireInSeconds: 60, deadLetter: DEAD_LETTER });

/** Queues of the queue tests, with retry policies short enough to run in seconds. */
export const testQueues = defineQueues({
  [DEAD_LETTER]: { schema: z.record(z.string(), z.unknown()), retry: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 }, ...keep },
  "test.echo": { schema: z.object({ text: z.string(), sleepMs: z.number().int().min(0).default(0) }), retry: retry({ retryLimit: 2, retryDelay: 1, retryBackoff: true }), ...keep },
  // Fails its first `failures` attempts, then succeeds: retry n waits 2^(n-1) to 2^n s.
  "test.flaky": { schema: z.object({ key: z.string(), failures: z.number().int() }), retry: retry({ retryLimit: 3, retryDelay: 1, retryBackoff: true }), ...keep },
  "test.doomed": { schema: z.object({ key: z.string() }), retry: retry({ retryLimit: 1, retryDelay: 0, retryBackoff: false }), ...keep },
  // Expires after 1 s, and its handler outlives that.
  "test.expiring": { schema: z.object({ key: z.string(), sleepMs: z.number().int() }), retry: { ...retry({ retryLimit: 0, retryDelay: 0, retryBackoff: false }), expireInSeconds: 1 }, ...keep },
  "test.permanent": { schema: z.object({ key: z.string() }), retry: retry({ retryLimit: 3, retryDelay: 0, retryBackoff: false }), ...keep },
});

export { DEAD_LETTER as TEST_DEAD_LETTER_QUEUE };
