"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useApiErrorMessage } from "@/components/datasets/api";
import { useRefreshDataset } from "@/components/datasets/queries";
import { Alert, Badge, Button } from "@/components/ui";
import { RowDetail } from "./RowDetail";
import { RowFilters } from "./RowFilters";
import { RowsTable } from "./RowsTable";
import type { DatasetInfo, DatasetRow, EditedRow, RowFilter, VersionOption } from "./types";
import { useServerVersionSync } from "./use-dataset-sync";
import { useSetQueryParams } from "./use-query-params";
import { useRowWindows } from "./use-row-windows";
import { useVersionName, VersionSelect } from "./VersionSelect";

export type RowsPanelProps = {
  dataset: DatasetInfo;
  versions: VersionOption[];
  version: VersionOption;
  canWrite: boolean;
  /** Labels for the label filter and label suggestions. */
  labelOptions: string[];
};

/** The rows page body: which version is shown, filters, the virtualised table and the side panel of the open row. */
export function RowsPanel({ dataset, versions, version, canWrite, labelOptions }: RowsPanelProps) {
  const t = useTranslations("datasetRows");
  const refreshDataset = useRefreshDataset(dataset.id);
  const errorMessage = useApiErrorMessage();
  const setQueryParams = useSetQueryParams();
  const versionName = useVersionName();
  const [filter, setFilter] = useState<RowFilter>({});
  const [openRow, setOpenRow] = useState<DatasetRow | null>(null);
  const [savedDraftId, setSavedDraftId] = useState<string | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  useServerVersionSync(dataset.id, versions);

  const rows = useRowWindows(version.id, filter);
  const filtered = Object.values(filter).some((value) => value !== undefined && value !== "");
  const viewingDraft = version.status === "draft";
  // An edit of a ready version may have just opened the draft, before the refreshed version list arrives.
  const draftId = versions.find((candidate) => candidate.status === "draft")?.id ?? savedDraftId;

  function onSaved({ row, draftId }: EditedRow) {
    setOpenRow(row);
    setSavedDraftId(draftId);
    if (viewingDraft) rows.replaceRow(row);
    // Updates the header's change count; when the edit opened the draft, the version sync renders the page again.
    refreshDataset();
  }

  function closeDetail() {
    setOpenRow(null);
    gridRef.current?.focus();
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="text-muted">{t("version.showing")}</span>
            <span className="font-medium">{versionName(version)}</span>
            {viewingDraft ? <Badge tone="warning">{t("version.draftBadge")}</Badge> : <Badge tone="success">{t("version.readyBadge")}</Badge>}
          </p>
          <p className="text-xs text-muted">
            {viewingDraft
              ? t("version.draftHint", { count: version.changeCount ?? 0 })
              : draftId
                ? t("version.readyWithDraftHint")
                : t("version.readyHint")}
          </p>
        </div>
        <VersionSelect
          versions={versions}
          value={version.id}
          onChange={(versionId) => {
            setOpenRow(null);
            setQueryParams({ v: versionId });
          }}
          label={t("version.label")}
          className="w-60"
        />
      </div>

      <RowFilters filter={filter} onChange={setFilter} labelOptions={labelOptions} />

      <p className="text-sm text-muted" role="status" aria-live="polite">
        {rows.total === null
          ? t("table.counting")
          : filtered
            ? t("table.matching", { count: rows.total })
            : t("table.total", { count: rows.total })}
      </p>

      {rows.error !== null && (
        <Alert tone="error">
          {errorMessage(rows.error)}{" "}
          <Button variant="secondary" size="sm" className="ml-2" onClick={rows.retry}>
            {t("retry")}
          </Button>
        </Alert>
      )}

      <RowsTable key={`${version.id}:${JSON.stringify(filter)}`} rows={rows} gridRef={gridRef} type={dataset.type} openRowKey={openRow?.rowKey ?? null} onOpen={setOpenRow} filtered={filtered} />
      <p className="text-xs text-muted">{t("table.keyboardHint")}</p>

      {openRow && (
        <RowDetail
          dataset={dataset}
          row={openRow}
          canWrite={canWrite}
          viewingDraft={viewingDraft}
          labelSuggestions={labelOptions}
          onShowDraft={
            draftId && !viewingDraft
              ? () => {
                  setOpenRow(null);
                  setQueryParams({ v: draftId });
                }
              : null
          }
          onSaved={onSaved}
          onClose={closeDetail}
        />
      )}
    </div>
  );
}
