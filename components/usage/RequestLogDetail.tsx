"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { apiGet, isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Badge, buttonClasses, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { RequestLogDetail as Detail } from "./types";
import { CostText, ErrorKindNote, HandlingBadges } from "./UsageRow";

const STATUS_TONES = { ok: "success", error: "danger", cancelled: "warning" } as const;

/** Renders one call of the usage log: route, target, timings, tokens, cost, handling, error and stored content. */
export function RequestLogDetail({ id }: { id: string }) {
  const t = useTranslations("usage.detail");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const log = useQuery({
    queryKey: ["request-logs", "detail", id],
    queryFn: ({ signal }) => apiGet<{ data: Detail }>(`/request-logs/${encodeURIComponent(id)}`, signal).then((body) => body.data),
    retry: (count, error) => !(isApiRequestError(error) && (error.status === 404 || error.status === 400)) && count < 2,
  });

  const back = (
    <Link href="/dashboards/usage" className={buttonClasses("secondary")}>
      <ArrowLeft className="size-4" aria-hidden />
      {t("back")}
    </Link>
  );

  return (
    <>
      <PageHeader title={t("title", { id })} actions={back} />
      {log.isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}
      {log.error && <Alert tone="error">{errorMessage(log.error)}</Alert>}
      {log.data && <DetailBody log={log.data} />}
    </>
  );
}

function DetailBody({ log }: { log: Detail }) {
  const t = useTranslations("usage.detail");
  const tUsage = useTranslations("usage");
  const format = useFormatter();
  const ms = (value: number | null) => (value === null ? "—" : tUsage("totals.milliseconds", { value: format.number(value) }));
  const none = <span className="text-muted">—</span>;

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Section title={t("sections.request")}>
        <Item label={t("time")}>{format.dateTime(new Date(log.createdAt), { dateStyle: "medium", timeStyle: "medium" })}</Item>
        <Item label={t("source")}>{tUsage(`sources.${log.source}`)}</Item>
        <Item label={t("status")}>
          <Badge tone={STATUS_TONES[log.status]}>{tUsage(`statuses.${log.status}`)}</Badge>
          {log.httpStatus !== null && <span className="ml-2 text-xs text-muted">HTTP {log.httpStatus}</span>}
          <ErrorKindNote row={log} />
        </Item>
        <Item label={t("requestId")}>{log.requestId ? <code className="text-xs">{log.requestId}</code> : none}</Item>
        <Item label={t("stream")}>{log.stream ? t("yes") : t("no")}</Item>
        {log.errorMessage && <Item label={t("error")}>{log.errorMessage}</Item>}
      </Section>

      <Section title={t("sections.routing")}>
        <Item label={t("route")}>{log.route ? <code className="text-xs">{log.deploymentName ?? log.route}</code> : t("noRoute")}</Item>
        <Item label={t("target")}>
          <code className="text-xs">{log.model}</code>
          {log.providerName && <span className="ml-2 text-xs text-muted">{log.providerName}</span>}
        </Item>
        <Item label={t("apiKey")}>{log.apiKeyPrefix ? <span>{log.apiKeyName ? `${log.apiKeyName} · ` : ""}<code className="text-xs">{log.apiKeyPrefix}</code></span> : t("noKey")}</Item>
        <Item label={t("attempts")}>{format.number(log.attempts)}</Item>
        <Item label={t("handling")}>
          <HandlingBadges row={log} />
          {!log.cacheHit && !log.fallbackUsed && !log.canary && log.attempts <= 1 && <span className="text-muted">{t("plain")}</span>}
        </Item>
      </Section>

      <Section title={t("sections.usage")}>
        <Item label={t("ttft")}>{ms(log.ttftMs)}</Item>
        <Item label={t("latency")}>{ms(log.latencyMs)}</Item>
        <Item label={t("tokens")}>
          {tUsage("table.tokensValue", { input: format.number(log.inputTokens), output: format.number(log.outputTokens) })}
          {log.usageEstimated && (
            <Badge tone="warning" className="ml-2">
              <span title={tUsage("table.estimatedHint")}>{tUsage("table.estimated")}</span>
            </Badge>
          )}
        </Item>
        <Item label={t("cost")}>
          <CostText log={log} maximumFractionDigits={8} />
        </Item>
      </Section>

      <Section title={t("sections.content")} wide>
        {log.content ? <StoredContent content={log.content} /> : <p className="text-sm text-muted">{t("notStored")}</p>}
      </Section>
    </div>
  );
}

function Section({ title, wide, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <Card className={wide ? "lg:col-span-2" : undefined}>
      <CardHeader as="h2" title={title} />
      <CardBody>
        <dl className="space-y-2 text-sm">{children}</dl>
      </CardBody>
    </Card>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

type ChatMessage = { role: string; content: unknown };

function isChatMessages(value: unknown): value is ChatMessage[] {
  return Array.isArray(value) && value.every((message) => !!message && typeof message === "object" && typeof (message as ChatMessage).role === "string");
}

/** Shows masked messages as a conversation when they have the chat shape, otherwise as JSON. */
function StoredContent({ content }: { content: { messages: unknown; answer: string | null } }) {
  const t = useTranslations("usage.detail");
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2));

  return (
    <div className="space-y-3">
      <p className="text-xs text-muted">{t("maskedNote")}</p>
      {isChatMessages(content.messages) ? (
        <ol className="space-y-2">
          {content.messages.map((message, index) => (
            <li key={index} className="rounded-md border border-border p-3">
              <p className="mb-1 text-xs font-medium text-muted">{t.has(`roles.${message.role}`) ? t(`roles.${message.role}` as "roles.user") : message.role}</p>
              <pre className="font-sans text-sm break-words whitespace-pre-wrap">{text(message.content)}</pre>
            </li>
          ))}
        </ol>
      ) : (
        <pre className="overflow-x-auto rounded-md bg-subtle p-3 text-xs">{text(content.messages)}</pre>
      )}
      <div className="rounded-md border border-brand-200 bg-brand-50/40 p-3">
        <p className="mb-1 text-xs font-medium text-muted">{t("answer")}</p>
        {content.answer === null ? <p className="text-sm text-muted">{t("noAnswer")}</p> : <pre className="font-sans text-sm break-words whitespace-pre-wrap">{content.answer}</pre>}
      </div>
    </div>
  );
}
