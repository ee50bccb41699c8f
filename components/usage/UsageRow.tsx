"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge, Td, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { RequestLogView } from "./types";

const STATUS_TONES = { ok: "success", error: "danger", cancelled: "warning" } as const;

/** Renders one call of the usage log; its time links to the call's detail page. */
export function UsageRow({ row }: { row: RequestLogView }) {
  const t = useTranslations("usage");
  const format = useFormatter();
  const milliseconds = (value: number | null) => (value === null ? "—" : t("totals.milliseconds", { value }));

  return (
    <Tr>
      <Td className="whitespace-nowrap">
        <Link href={`/dashboards/usage/${row.id}`} className="text-brand-700 underline-offset-2 hover:underline">
          {format.dateTime(new Date(row.createdAt), { dateStyle: "short", timeStyle: "medium" })}
        </Link>
      </Td>
      <Td className="whitespace-nowrap">{t(`sources.${row.source}`)}</Td>
      <Td>
        {row.route ? <span className="font-mono text-xs">{row.route}</span> : <span className="text-muted">—</span>}
        {row.apiKeyPrefix && <p className="font-mono text-xs text-muted">{row.apiKeyName ? `${row.apiKeyName} · ${row.apiKeyPrefix}` : row.apiKeyPrefix}</p>}
      </Td>
      <Td>
        <span className="font-mono text-xs">{row.model}</span>
        {row.providerName && <p className="text-xs text-muted">{row.providerName}</p>}
      </Td>
      <Td>
        <Badge tone={STATUS_TONES[row.status]}>{t(`statuses.${row.status}`)}</Badge>
        <ErrorKindNote row={row} />
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {t("table.tokensValue", { input: format.number(row.inputTokens), output: format.number(row.outputTokens) })}
        {row.usageEstimated && (
          <Badge tone="warning" className="ml-2">
            <span title={t("table.estimatedHint")}>{t("table.estimated")}</span>
          </Badge>
        )}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {milliseconds(row.latencyMs)}
        {/* Time to first token sits under the latency, so the table fits a laptop screen. */}
        {row.ttftMs !== null && <p className="text-xs text-muted">{t("table.ttftBelow", { time: milliseconds(row.ttftMs) })}</p>}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        <CostText log={row} maximumFractionDigits={6} />
      </Td>
      <Td>
        <HandlingBadges row={row} />
      </Td>
    </Tr>
  );
}

/** Cache hit, retries, fallback and canary of a call, each as a small badge; nothing for a plain call. */
export function HandlingBadges({ row }: { row: Pick<RequestLogView, "cacheHit" | "attempts" | "fallbackUsed" | "canary"> }) {
  const t = useTranslations("usage.handling");
  return (
    <span className="flex flex-wrap gap-1">
      {row.cacheHit && <Badge tone="brand">{t("cacheHit")}</Badge>}
      {row.attempts > 1 && <Badge tone="neutral">{t("attempts", { count: row.attempts })}</Badge>}
      {row.fallbackUsed && <Badge tone="warning">{t("fallback")}</Badge>}
      {row.canary && <Badge tone="warning">{t("canary")}</Badge>}
    </span>
  );
}

/** Short translated failure kind beside the status badge; a cancelled call needs none beyond its badge. */
export function ErrorKindNote({ row }: { row: Pick<RequestLogView, "errorCode" | "httpStatus"> }) {
  const t = useTranslations("usage.errorKinds");
  const tReasons = useTranslations("errors.reasons.llm");
  const kind = row.errorCode;
  if (!kind || kind === "cancelled") return null;

  const params = { status: row.httpStatus ?? "?" };
  const label = t.has(kind) ? t(kind, params) : t("other");
  const explanation = tReasons.has(kind) ? tReasons(kind, params) : undefined;
  return (
    <span className="ml-2 text-xs text-muted" title={explanation}>
      {label}
    </span>
  );
}

/** Cost of a call in its currency. A cache hit reaches no provider, so it has no currency and costs nothing. */
export function CostText({ log, maximumFractionDigits }: { log: Pick<RequestLogView, "cost" | "currency" | "cacheHit">; maximumFractionDigits: number }) {
  const t = useTranslations("usage.table");
  const format = useFormatter();
  if (log.cacheHit && !log.cost) return <>{t("cacheHitCost")}</>;
  if (log.cost === null || log.currency === null) return <>{t("noPrice")}</>;
  return <>{format.number(log.cost, { style: "currency", currency: log.currency, maximumFractionDigits })}</>;
}
