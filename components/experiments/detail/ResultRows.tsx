"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button, Select, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { useResults } from "../queries";
import { classifyRowError } from "../row-error";
import type { ResultFilter, ResultSummaryView, VariantView } from "../types";
import { useRowErrorText } from "./error-text";
import { ResultDialog } from "./ResultDialog";
import { Verdict } from "./Verdict";

const FILTERS: ResultFilter[] = ["all", "failed", "wrong", "correct"];

/** True when the stored message is the provider's own words rather than Luodi's (an unusable model or prompt). */
function fromProvider(message: string, callError: ResultSummaryView["callError"]): boolean {
  if (callError) return callError.kind !== "model_unavailable" && callError.kind !== "prompt_invalid";
  return classifyRowError(message) !== null;
}

/** Renders a failed row's translated error, with the stored English message as a smaller second line. */
function RowError({ message, callError }: { message: string | null; callError?: ResultSummaryView["callError"] }) {
  const t = useTranslations("experiments.rows");
  const rowErrorText = useRowErrorText();
  if (!message) return <span className="text-red-700">{t("failed")}</span>;
  return (
    <div className="min-w-0">
      <div className="truncate text-red-700" title={rowErrorText(message, callError ?? undefined)}>
        {rowErrorText(message, callError ?? undefined)}
      </div>
      <div className="truncate text-xs text-muted" title={message}>
        {t(fromProvider(message, callError) ? "providerSaid" : "errorDetails", { message })}
      </div>
    </div>
  );
}

/** Row results with filters; each row opens a dialog with its request, samples and error. */
export function ResultRows({ experimentId, variants, live }: { experimentId: string; variants: VariantView[]; live: boolean }) {
  const t = useTranslations("experiments.rows");
  const [filter, setFilter] = useState<ResultFilter>("all");
  const [variantId, setVariantId] = useState("");
  const [opened, setOpened] = useState<ResultSummaryView | null>(null);
  const query = useResults(experimentId, variantId, filter, live);
  const results = query.data?.pages.flatMap((page) => page.data) ?? [];
  const variantLabels = new Map(variants.map((variant, index) => [variant.id, `#${index + 1} ${variant.label}`]));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div role="group" aria-label={t("filterLabel")} className="flex rounded-md border border-border bg-surface p-0.5">
          {FILTERS.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={filter === value}
              onClick={() => setFilter(value)}
              className={cn("rounded px-3 py-1 text-sm", filter === value ? "bg-brand-600 text-white" : "text-muted hover:text-fg")}
            >
              {t(`filters.${value}`)}
            </button>
          ))}
        </div>
        <label className="flex items-center gap-2 text-sm text-muted">
          {t("variant")}
          <Select value={variantId} onChange={(event) => setVariantId(event.target.value)} className="w-64">
            <option value="">{t("allVariants")}</option>
            {variants.map((variant) => (
              <option key={variant.id} value={variant.id}>
                {variantLabels.get(variant.id)}
              </option>
            ))}
          </Select>
        </label>
      </div>

      <Table caption={t("caption")} captionHidden>
        <THead>
          <tr>
            <Th>{t("columns.row")}</Th>
            <Th>{t("columns.variant")}</Th>
            <Th>{t("columns.expected")}</Th>
            <Th>{t("columns.answer")}</Th>
            <Th>{t("columns.result")}</Th>
            <Th>{t("columns.latency")}</Th>
          </tr>
        </THead>
        <TBody>
          {query.isSuccess && results.length === 0 && <TableEmptyRow colSpan={6}>{t("empty")}</TableEmptyRow>}
          {results.map((result) => (
            // The whole row opens the detail for pointer users; the row-number button stays for keyboard users.
            <Tr key={result.id} onClick={() => setOpened(result)} className="cursor-pointer">
              <Td className="tabular-nums">
                <button type="button" onClick={() => setOpened(result)} className="font-medium text-brand-700 hover:underline" aria-label={t("open", { row: result.position + 1 })}>
                  {result.position + 1}
                </button>
              </Td>
              <Td className="max-w-48 truncate text-muted">{variantLabels.get(result.variantId)}</Td>
              <Td className="max-w-56 truncate">{result.expected ?? "—"}</Td>
              <Td className="max-w-56">{result.status === "error" ? <RowError message={result.error} callError={result.callError} /> : <div className="truncate">{result.answer ?? <span className="text-muted">{t("noAnswer")}</span>}</div>}</Td>
              <Td>
                <Verdict result={result} />
              </Td>
              <Td className="tabular-nums text-muted">{result.status === "ok" ? t("latencyValue", { latency: result.latencyMs }) : "—"}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>

      {query.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("more")}
          </Button>
        </div>
      )}

      <ResultDialog experimentId={experimentId} result={opened} variantLabel={opened ? (variantLabels.get(opened.variantId) ?? "") : ""} onClose={() => setOpened(null)} />
    </div>
  );
}
