import { auditFilterSchema, type AuditFilter } from "./query";

/** The audit page's filter as typed in the form, kept in the URL so a filtered view can be shared. */
export type AuditFilterValues = {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** `datetime-local` text (YYYY-MM-DDTHH:mm) in the browser's time zone. */
  from: string;
  to: string;
  /** The browser's `Date.getTimezoneOffset()` in minutes when the form was sent (-480 for UTC+8). */
  tz: string;
};

export const auditFilterFields = ["actor", "action", "targetType", "targetId", "from", "to", "tz"] as const;

type SearchParams = Record<string, string | string[] | undefined>;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Converts a `datetime-local` value to an instant, using the offset the browser sent. Without an offset
 * the server's zone applies. `endOfMinute` makes "to 10:00" include events stamped 10:00:59.
 */
export function localDateTimeToDate(value: string, offsetMinutes: number | null, endOfMinute = false): Date | null {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return null;

  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const hasSeconds = match[6] !== undefined;
  const second = hasSeconds ? Number(match[6]) : 0;
  const outOfRange = month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59;
  if (outOfRange) return null;

  const extraMs = endOfMinute && !hasSeconds ? 59_999 : 0;

  if (offsetMinutes === null) {
    const local = new Date(year, month - 1, day, hour, minute, second);
    return new Date(local.getTime() + extraMs);
  }
  // getTimezoneOffset() is UTC minus local time, so UTC = local + offset.
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(asIfUtc + offsetMinutes * 60_000 + extraMs);
}

function single(params: SearchParams, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/**
 * Reads the audit page's search params into form values and a validated filter. Fields that do not parse
 * are named in `invalid` and left out of the filter, so the page can name the fields to fix.
 */
export function parseAuditSearchParams(params: SearchParams, limit = 50): { values: AuditFilterValues; filter: AuditFilter; invalid: string[] } {
  const values = Object.fromEntries(auditFilterFields.map((field) => [field, single(params, field)])) as AuditFilterValues;
  const invalid: string[] = [];

  const offset = values.tz === "" ? null : Number(values.tz);
  const offsetMinutes = offset !== null && Number.isInteger(offset) && Math.abs(offset) <= 14 * 60 ? offset : null;
  if (values.tz !== "" && offsetMinutes === null) invalid.push("tz");

  const timeOf = (field: "from" | "to") => {
    if (values[field] === "") return undefined;
    const date = localDateTimeToDate(values[field], offsetMinutes, field === "to");
    if (!date || Number.isNaN(date.getTime())) invalid.push(field);
    return date ?? undefined;
  };

  const candidate = {
    actor: values.actor || undefined,
    action: values.action || undefined,
    targetType: values.targetType || undefined,
    targetId: values.targetId || undefined,
    from: timeOf("from"),
    to: timeOf("to"),
    before: single(params, "before") || undefined,
    limit,
  };

  const parsed = auditFilterSchema.safeParse(candidate);
  if (parsed.success) return { values, filter: parsed.data, invalid };

  // Drop the rejected fields and keep filtering by the rest.
  const rejected = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  invalid.push(...[...rejected].filter((field) => !invalid.includes(field)));
  const remaining = Object.fromEntries(Object.entries(candidate).filter(([field]) => !rejected.has(field)));
  return { values, filter: auditFilterSchema.parse(remaining), invalid };
}

/** Builds the audit page query string for `values`, plus an optional cursor; empty fields are left out. */
export function auditQueryString(values: Partial<AuditFilterValues>, before?: string | null): string {
  const query = new URLSearchParams();
  for (const field of auditFilterFields) {
    const value = values[field];
    if (value) query.set(field, value);
  }
  if (before) query.set("before", before);
  return query.toString();
}
