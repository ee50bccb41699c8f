"use client";

import { X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Badge, Button, Card, CardBody, Select, Spinner } from "@/components/ui";
import { JsonTree } from "./JsonTree";
import { useSchemaErrorText } from "./schema-error-text";
import type { Pane, PaneFailure, PlaygroundDoneEvent, UsableModel } from "./types";

type Props = {
  pane: Pane;
  index: number;
  models: UsableModel[];
  jsonMode: boolean;
  canRemove: boolean;
  busy: boolean;
  onModelChange: (modelId: string) => void;
  onRemove: () => void;
  onContinue: (text: string) => void;
};

/** One model's column: its model picker, the streamed answer, metrics, validation results and errors. */
export function ResponsePane({ pane, index, models, jsonMode, canRemove, busy, onModelChange, onRemove, onContinue }: Props) {
  const t = useTranslations("playground");
  const pickerId = useId();
  const { run } = pane;
  const text = run.status === "idle" ? "" : run.text;

  return (
    <Card className="flex min-w-0 flex-col" data-testid={`pane-${index}`}>
      <CardBody className="flex flex-1 flex-col gap-3">
        <div className="flex items-end gap-2">
          <div className="flex flex-1 flex-col gap-1">
            <label htmlFor={pickerId} className="text-sm font-medium">
              {t("pane.model", { number: index + 1 })}
            </label>
            <Select id={pickerId} value={pane.modelId} disabled={busy} onChange={(event) => onModelChange(event.target.value)}>
              <option value="">{t("pane.chooseModel")}</option>
              {models.map((model) => (
                <option key={model.id} value={model.id}>
                  {`${model.providerName} / ${model.displayName}`}
                  {model.capabilities.includes("vision") ? ` · ${t("pane.vision")}` : ""}
                </option>
              ))}
            </Select>
          </div>
          {canRemove && (
            <Button variant="ghost" size="sm" disabled={busy} onClick={onRemove} aria-label={t("pane.remove", { number: index + 1 })} icon={<X className="size-4" aria-hidden />} />
          )}
        </div>

        <div className="min-h-32 flex-1 rounded-md border border-border bg-subtle p-3 text-sm" aria-live="polite" aria-busy={run.status === "streaming"}>
          {run.status === "idle" && <p className="text-muted">{t("pane.idle")}</p>}
          {run.status === "streaming" && text === "" && (
            <p className="flex items-center gap-2 text-muted">
              <Spinner className="size-4" /> {t("pane.waiting")}
            </p>
          )}
          {run.status === "done" && jsonMode ? <JsonOutput done={run.done} /> : text && <p className="whitespace-pre-wrap break-words">{text}</p>}
        </div>

        {run.status === "failed" && <FailureAlert failure={run.failure} hasPartial={text !== ""} />}
        {run.status === "done" && <Metrics done={run.done} />}
        {run.status === "done" && run.text && (
          <div>
            <Button variant="secondary" size="sm" onClick={() => onContinue(run.text)}>
              {t("pane.continue")}
            </Button>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) };
  } catch {
    return { ok: false };
  }
}

function JsonOutput({ done }: { done: PlaygroundDoneEvent }) {
  const t = useTranslations("playground.json");
  const schemaErrorText = useSchemaErrorText();
  const parsed = parseJson(done.text);

  return (
    <div className="space-y-3">
      {done.schemaValid === true && <Badge tone="success">{t("valid")}</Badge>}
      {done.schemaValid === false && (
        <Alert tone="error" title={t("invalidTitle")}>
          <ul className="list-disc space-y-1 pl-5">
            {(done.schemaErrors ?? []).map((error, index) => (
              <li key={index}>
                <code className="font-mono">{error.path || "/"}</code> {schemaErrorText(error.keyword, error.params)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {parsed.ok ? <JsonTree value={parsed.value} /> : <p className="whitespace-pre-wrap break-words">{done.text}</p>}
    </div>
  );
}

function Metrics({ done }: { done: PlaygroundDoneEvent }) {
  const t = useTranslations("playground.metrics");
  const format = useFormatter();
  const cost = done.cost === null || done.currency === null ? t("noPrice") : format.number(done.cost, { style: "currency", currency: done.currency, maximumFractionDigits: 6 });
  const items = [
    { label: t("inputTokens"), value: format.number(done.usage.inputTokens) },
    { label: t("outputTokens"), value: format.number(done.usage.outputTokens) },
    { label: t("ttft"), value: done.ttftMs === null ? "—" : t("milliseconds", { value: done.ttftMs }) },
    { label: t("latency"), value: t("milliseconds", { value: done.latencyMs }) },
    { label: t("cost"), value: cost },
  ];

  return (
    <dl className="grid grid-cols-3 gap-x-3 gap-y-1 text-xs" aria-label={t("label")}>
      {items.map((item) => (
        <div key={item.label}>
          <dt className="text-muted">{item.label}</dt>
          <dd className="font-medium tabular-nums">{item.value}</dd>
        </div>
      ))}
      {done.usage.estimated && (
        <div className="col-span-3">
          <Badge tone="warning">
            <span title={t("estimatedHint")}>{t("estimated")}</span>
          </Badge>
        </div>
      )}
    </dl>
  );
}

function FailureAlert({ failure, hasPartial }: { failure: PaneFailure; hasPartial: boolean }) {
  const t = useTranslations("playground.failure");
  const tErrors = useTranslations("errors");
  const apiErrorMessage = useApiErrorMessage();
  const schemaErrorText = useSchemaErrorText();

  let message: string;
  let detail: string | null = null;
  if (failure.source === "request") {
    const params = failure.error.params;
    // The server's reason message would repeat ajv's English text, so a schema error is translated by keyword.
    if (failure.error.reason === "playground.invalid_schema" && typeof params?.keyword === "string") {
      message = t("invalidSchema", { path: String(params.path ?? "/"), detail: schemaErrorText(params.keyword, params) });
    } else message = apiErrorMessage(failure.error);
  } else if (failure.source === "stopped") message = t("stopped");
  else if (failure.source === "connection") message = t("connectionLost");
  else {
    const { kind, httpStatus, providerMessage, retryAfterSeconds } = failure.event;
    const key = `reasons.llm.${kind}`;
    message = tErrors.has(key) ? tErrors(key, { status: httpStatus ?? 0 }) : tErrors("unknown");
    if (retryAfterSeconds !== null) detail = t("retryAfter", { seconds: retryAfterSeconds });
    else if (providerMessage) detail = t("providerSaid", { message: providerMessage });
  }

  return (
    <Alert tone={failure.source === "stopped" ? "warning" : "error"} title={failure.source === "stopped" ? t("stoppedTitle") : t("title")}>
      <p>{message}</p>
      {detail && <p className="mt-1 text-xs">{detail}</p>}
      {hasPartial && <p className="mt-1 text-xs">{failure.source === "stopped" ? t("partialKeptStopped") : t("partialKept")}</p>}
    </Alert>
  );
}
