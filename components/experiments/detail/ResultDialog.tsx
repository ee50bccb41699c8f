"use client";

import { useTranslations } from "next-intl";
import { Alert, Button, Dialog } from "@/components/ui";
import { percentText } from "../format";
import { useResult } from "../queries";
import { classifyRowError } from "../row-error";
import type { ResultSummaryView } from "../types";
import { useCallErrorText, useRowErrorText } from "./error-text";
import { Verdict } from "./Verdict";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

/** Renders the stored English message as a smaller line, labelled as the provider's when it came from a model call. */
function ErrorDetail({ message, fromProvider }: { message: string; fromProvider: boolean }) {
  const t = useTranslations("experiments.result");
  return <p className="mt-1 font-mono text-xs break-words opacity-80">{t(fromProvider ? "providerSaid" : "errorDetails", { message })}</p>;
}

/** Shows the rendered request, every sample's output and extracted answer, the expected value and the error of one row. */
export function ResultDialog({ experimentId, result, variantLabel, onClose }: { experimentId: string; result: ResultSummaryView | null; variantLabel: string; onClose: () => void }) {
  const t = useTranslations("experiments.result");
  const callErrorText = useCallErrorText();
  const rowErrorText = useRowErrorText();
  const query = useResult(experimentId, result?.id ?? null);
  const detail = query.data;
  const failedSample = detail?.samples.find((sample) => sample.error)?.error;
  const isProviderError = (error: { kind: string }) => error.kind !== "model_unavailable" && error.kind !== "prompt_invalid" && error.kind !== "unknown";

  return (
    <Dialog
      open={result !== null}
      onClose={onClose}
      size="lg"
      closeLabel={t("close")}
      title={result ? t("title", { row: result.position + 1, variant: variantLabel }) : ""}
      footer={
        <Button variant="secondary" onClick={onClose}>
          {t("close")}
        </Button>
      }
    >
      {query.isError && <Alert tone="error">{t("loadFailed")}</Alert>}
      {detail && (
        <div className="space-y-5 text-sm">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2">
            <dt className="text-muted">{t("expected")}</dt>
            <dd className="font-medium break-words">{detail.expected ?? "—"}</dd>
            <dt className="text-muted">{t("answer")}</dt>
            <dd className="font-medium break-words">{detail.answer ?? "—"}</dd>
            <dt className="text-muted">{t("verdict")}</dt>
            <dd className="flex items-center gap-2">
              <Verdict result={detail} />
              {detail.agreement !== null && <span className="text-muted">{t("agreement", { percent: percentText(detail.agreement, 0) })}</span>}
            </dd>
          </dl>

          {detail.status === "error" && detail.error && (
            <Alert tone="error" title={t("error")}>
              <p>{rowErrorText(detail.error, failedSample)}</p>
              <ErrorDetail message={detail.error} fromProvider={failedSample ? isProviderError(failedSample) : classifyRowError(detail.error) !== null} />
            </Alert>
          )}

          <section className="space-y-2">
            <h3 className="font-semibold">{t("samples")}</h3>
            {detail.samples.map((sample, index) => (
              <div key={index} className="space-y-2 rounded-md border border-border p-3">
                <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
                  <span className="font-medium text-fg">{t("sample", { number: index + 1 })}</span>
                  <span className="tabular-nums">
                    {t("sampleStats", { latency: sample.latencyMs, input: sample.inputTokens, output: sample.outputTokens })}
                    {sample.usageEstimated && ` · ${t("estimated")}`}
                  </span>
                </div>
                {sample.error && (
                  <Alert tone="error">
                    <p>{callErrorText(sample.error)}</p>
                    {sample.error.message && <ErrorDetail message={sample.error.message} fromProvider={isProviderError(sample.error)} />}
                  </Alert>
                )}
                {sample.output && (
                  <div>
                    <div className="text-xs text-muted">{t("output")}</div>
                    <pre className="mt-1 max-h-60 overflow-auto rounded bg-subtle p-2 text-xs break-words whitespace-pre-wrap">{sample.output}</pre>
                  </div>
                )}
                {!sample.error && (
                  <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-xs">
                    <dt className="text-muted">{t("extracted")}</dt>
                    <dd className="break-words">{sample.answer ?? "—"}</dd>
                    <dt className="text-muted">{t("compared")}</dt>
                    <dd className="break-words">{sample.value ?? "—"}</dd>
                  </dl>
                )}
              </div>
            ))}
          </section>

          <section className="space-y-2">
            <h3 className="font-semibold">{t("request")}</h3>
            {detail.request ? (
              <ol className="space-y-2">
                {detail.request.messages.map((message, index) => (
                  <li key={index} className="rounded-md border border-border p-2">
                    <div className="text-xs font-medium text-muted">{ROLES.has(message.role) ? t(`roles.${message.role}`) : message.role}</div>
                    <pre className="mt-1 max-h-48 overflow-auto text-xs break-words whitespace-pre-wrap">
                      {typeof message.content === "string" ? message.content : JSON.stringify(message.content, null, 2)}
                    </pre>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="text-muted">{t("noRequest")}</p>
            )}
          </section>
        </div>
      )}
    </Dialog>
  );
}
