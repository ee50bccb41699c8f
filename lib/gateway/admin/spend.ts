import type { Db } from "@/lib/db/client";
import { CURRENCIES, type Currency } from "@/lib/llm/types";

export type SpendAmount = { currency: Currency; amount: number };

/** Midnight UTC on the first day of `now`'s month; budgets and day roll-ups count in UTC. */
export function startOfMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * Sums the cost of each key's requests this month from the day roll-ups, per currency. Keys without
 * traffic are absent from the map. Roll-up rows with an unknown currency (no prices set) carry no cost.
 */
export async function monthSpendByKey(db: Db, workspaceId: string, apiKeyIds: readonly string[], now: Date): Promise<Map<string, SpendAmount[]>> {
  const spend = new Map<string, SpendAmount[]>();
  if (apiKeyIds.length === 0) return spend;

  const groups = await db.usageRollup.groupBy({
    by: ["apiKeyId", "currency"],
    where: { workspaceId, granularity: "day", apiKeyId: { in: [...apiKeyIds] }, bucket: { gte: startOfMonthUtc(now) } },
    _sum: { cost: true },
  });
  for (const group of groups) {
    if (!(CURRENCIES as readonly string[]).includes(group.currency)) continue;
    const amount = Number(group._sum.cost?.toString() ?? "0");
    const entries = spend.get(group.apiKeyId) ?? [];
    entries.push({ currency: group.currency as Currency, amount });
    spend.set(group.apiKeyId, entries);
  }
  for (const entries of spend.values()) entries.sort((a, b) => a.currency.localeCompare(b.currency));
  return spend;
}
