"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { Alert, Button, Dialog } from "@/components/ui";
import { percentText } from "../format";
import { useResult } from "../queries";
import type { ResultSummaryView, SampleView } from "../types";
import { Verdict } from "./Verdict";

/** Translates a sample's error: its API reason when known, else the LLM failure kind, else the stored message. */
function useSampleErrorText() {
  const tErrors = useTranslations("errors");
  const t = useTranslations("experiments.sampleErrors");
  return useCallback(
    (error: NonNullable<SampleView["error"]>) => {
      const params = Object.fromEntries(Object.entries(error.params ?? {}).map(([key, value]) => [key, typeof value === "number" ? value : String(value)]));
      if (error.reason && tErrors.has(`reasons.${error.reason}`)) return tErrors(`reasons.${error.reason}`, params);
      if (tErrors.has(`reasons.llm.${error.kind}`)) return tErrors(`reasons.llm.${error.kind}`, { status: error.httpStatus ?? "" });
      if (error.kind === "model_unavailable" || error.kind === "prompt_invalid") return t(error.kind, { message: error.message });
      return error.message;
    },
    [t, tErrors],
  );
}

/** Shows the rendered request, every sample's output and extracted answer, the expected value and the error of one row. */
export function ResultDialog({ experimentId, result, variantLabel, onClose }: { experimentId: string; result: ResultSummaryView | null; variantLabel: string; onClose: () => void }) {
  const t = useTranslations("experiments.result");
  const errorText = useSampleErrorText();
  const query = useResult(experimentId, result?.id ?? null);
  const detail = query.data;

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
              {detail.error}
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
                    <p>{errorText(sample.error)}</p>
                    {sample.error.message && <p className="mt-1 font-mono text-xs break-words opacity-80">{sample.error.message}</p>}
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
                    <div className="text-xs font-medium text-muted uppercase">{message.role}</div>
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
