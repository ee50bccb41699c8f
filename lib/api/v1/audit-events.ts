import { z } from "zod";
import { auditFilterSchema, listAuditEvents } from "@/lib/audit/query";
import { defineRoute } from "../route";
import { auditEventResource } from "./schemas";

const isoDateError = "Expected an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T08:00:00Z";

const auditQuery = auditFilterSchema.extend({
  actor: auditFilterSchema.shape.actor.describe("Actor email (substring, case-insensitive) or exact actor id"),
  action: auditFilterSchema.shape.action.describe('Action prefix: "user." matches every user action'),
  targetType: auditFilterSchema.shape.targetType.describe("Exact target type, for example user"),
  targetId: auditFilterSchema.shape.targetId.describe("Exact target id"),
  // Same types and limits as auditFilterSchema, with messages that name the expected format.
  from: z.coerce.date({ error: isoDateError }).optional().describe("Earliest createdAt, inclusive (ISO 8601)"),
  to: z.coerce.date({ error: isoDateError }).optional().describe("Latest createdAt, inclusive (ISO 8601)"),
  before: z.coerce
    .bigint({ error: "Expected the nextCursor of the previous page, a string of digits" })
    .optional()
    .describe("Cursor: the nextCursor of the previous page"),
  limit: z.coerce
    .number({ error: "Expected a whole number from 1 to 200" })
    .int()
    .min(1)
    .max(200)
    .default(50)
    .describe("Page size, 1 to 200"),
});

export const listAuditEventsRoute = defineRoute({
  method: "GET",
  path: "/audit-events",
  operationId: "listAuditEvents",
  summary: "List audit events",
  description: "Lists audit events of the workspace, newest first. Pass nextCursor as `before` for the next page; it is null on the last page.",
  tag: "Audit",
  permission: "audit.read",
  query: auditQuery,
  response: z.array(auditEventResource),
  paginated: true,
  async handler({ actor, db, query }) {
    const { events, nextCursor } = await listAuditEvents(db, actor, query);
    return { data: events, nextCursor: nextCursor ?? null };
  },
});
