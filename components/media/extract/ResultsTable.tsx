"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type KeyboardEvent } from "react";
import { apiGet, apiSend, apiUrl } from "@/components/datasets/api";
import { Alert, Badge, buttonClasses, Card, CardBody, CardHeader, Input, Table, TBody, Td, Th, THead, Tr, type BadgeTone } from "@/components/ui";
import { ProgressBar } from "../ask/ProgressBar";
import { formatCellValue, parseCellValue } from "./cell-value";
import { useExtractErrorText, useProblemText } from "./problem-text";
import { extractKeys, type ExtractionResultView, type RunResults } from "./types";

const STATUS_TONES: Record<ExtractionResultView["status"], BadgeTone> = { pending: "neutral", valid: "success", invalid: "warning", error: "danger" };

type Editing = { resultId: string; column: string; text: string };

/**
 * Renders one run's results: a progress bar while it runs, one row per image and one column per schema
 * property. A cell of a finished image can be edited in place; the server validates the row again.
 */
export function ResultsTable({ runId, properties, canEdit }: { runId: string; properties: Record<string, unknown>; canEdit: boolean }) {
  const t = useTranslations("mediaExtract.results");
  const queryClient = useQueryClient();
  const errorText = useExtractErrorText();
  const problemText = useProblemText();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const query = useQuery({
    queryKey: extractKeys.run(runId),
    queryFn: ({ signal }) => apiGet<{ data: RunResults }>(`/extraction-runs/${encodeURIComponent(runId)}`, signal).then((body) => body.data),
    refetchInterval: (current) => (current.state.data && ["queued", "running"].includes(current.state.data.run.status) ? 1500 : false),
  });

  async function save(result: ExtractionResultView, column: string, text: string) {
    setEditing(null);
    // An emptied cell is sent as null, which the server treats as "not found": valid unless the field is required.
    const data = { ...(result.data ?? {}), [column]: parseCellValue(text, properties[column]) };
    setFailure(null);
    try {
      await apiSend("PATCH", `/extraction-runs/${encodeURIComponent(runId)}/results/${encodeURIComponent(result.id)}`, { data });
      await queryClient.invalidateQueries({ queryKey: extractKeys.run(runId) });
    } catch (error) {
      setFailure(error);
    }
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>, result: ExtractionResultView, column: string) {
    if (event.key === "Enter") void save(result, column, event.currentTarget.value);
    if (event.key === "Escape") setEditing(null);
  }

  if (query.error) return <Alert tone="error">{errorText(query.error)}</Alert>;
  if (!query.data) return null;
  const { run, columns, results } = query.data;

  const exportLink = (format: "csv" | "jsonl") => (
    <a href={apiUrl(`/extraction-runs/${encodeURIComponent(runId)}/export`, { format })} className={buttonClasses("secondary", "sm")} download>
      <Download className="size-4" aria-hidden />
      {t(`export.${format}`)}
    </a>
  );

  return (
    <Card data-testid="extraction-results">
      <CardHeader title={t("title", { model: run.model })} description={t(`status.${run.status}`)} actions={<div className="flex gap-2">{exportLink("csv")}{exportLink("jsonl")}</div>} />
      <CardBody className="space-y-3">
        <ProgressBar label={t("progress", { done: run.completed, total: run.total, failed: run.failed })} value={run.completed} max={run.total} />
        {run.error && <Alert tone="error">{run.error}</Alert>}
        {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
        <div className="overflow-x-auto">
          <Table caption={t("caption")} captionHidden>
            <THead>
              <Tr>
                <Th>{t("image")}</Th>
                <Th>{t("statusColumn")}</Th>
                {columns.map((column) => (
                  <Th key={column}>{column}</Th>
                ))}
                <Th>{t("errors")}</Th>
              </Tr>
            </THead>
            <TBody>
              {results.map((result) => (
                <Tr key={result.id} data-testid="extraction-row">
                  <Td className="max-w-48 truncate">{result.fileName ?? result.assetId}</Td>
                  <Td>
                    <Badge tone={STATUS_TONES[result.status]}>{t(`resultStatus.${result.status}`)}</Badge>
                    {result.edited && <span className="ml-1 text-xs text-muted">{t("edited")}</span>}
                  </Td>
                  {columns.map((column) => {
                    const value = formatCellValue(result.data?.[column]);
                    const active = editing?.resultId === result.id && editing.column === column;
                    if (active) {
                      return (
                        <Td key={column}>
                          <Input autoFocus aria-label={t("editCell", { column })} defaultValue={editing.text} onKeyDown={(event) => onKey(event, result, column)} onBlur={(event) => void save(result, column, event.currentTarget.value)} />
                        </Td>
                      );
                    }
                    const editable = canEdit && result.status !== "pending";
                    return (
                      <Td key={column}>
                        {editable ? (
                          <button type="button" className="w-full min-w-16 text-left hover:underline" title={t("clickToEdit")} onClick={() => setEditing({ resultId: result.id, column, text: value })}>
                            {value || "—"}
                          </button>
                        ) : (
                          value
                        )}
                      </Td>
                    );
                  })}
                  <Td className="max-w-72 text-xs text-muted">{result.errors.map((error) => problemText(error, result.status)).join("; ")}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      </CardBody>
    </Card>
  );
}
