import type { Db } from "@/lib/db/client";

/**
 * Reads the time of each key's latest logged request. The gateway never writes ApiKey.lastUsedAt, so the
 * request log is the record of use. Each key costs one backward probe of the (workspaceId, apiKeyId,
 * createdAt) index, however many requests it has made. Keys without logged requests are absent.
 */
export async function lastUsedByKey(db: Db, workspaceId: string, apiKeyIds: readonly string[]): Promise<Map<string, Date>> {
  const lastUsed = new Map<string, Date>();
  if (apiKeyIds.length === 0) return lastUsed;

  const rows = await db.$queryRawUnsafe<Array<{ apiKeyId: string; lastUsedAt: Date }>>(
    `SELECT keys.id AS "apiKeyId", latest."createdAt" AS "lastUsedAt"
     FROM unnest($2::text[]) AS keys(id)
     CROSS JOIN LATERAL (
       SELECT "createdAt" FROM "RequestLog"
       WHERE "workspaceId" = $1 AND "apiKeyId" = keys.id
       ORDER BY "createdAt" DESC
       LIMIT 1
     ) AS latest`,
    workspaceId,
    [...apiKeyIds],
  );
  for (const row of rows) lastUsed.set(row.apiKeyId, row.lastUsedAt);
  return lastUsed;
}
