"use client";

import { useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { Alert, Button, cn } from "@/components/ui";
import { FlagBadges, LabelBadges, ReviewBadge, SplitBadge } from "./RowBadges";
import { RowEditor } from "./RowEditor";
import { RowHistory, rowHistoryKey } from "./RowHistory";
import { RowView } from "./RowView";
import type { DatasetInfo, DatasetRow, EditedRow } from "./types";

type Tab = "view" | "edit" | "history";

export type RowDetailProps = {
  dataset: DatasetInfo;
  row: DatasetRow;
  canWrite: boolean;
  /** True when the table shows the draft; edits of a ready version go to the draft instead. */
  viewingDraft: boolean;
  labelSuggestions: string[];
  /** Opens the draft in the table, offered after an edit of a ready version. */
  onShowDraft: (() => void) | null;
  onSaved: (edited: EditedRow) => void;
  onClose: () => void;
};

/**
 * Renders the side panel of one row: the full content, an edit form for users with datasets.write, and the
 * row's change history. It is a labelled region, not a modal, so the table stays usable beside it. Escape
 * closes it.
 */
export function RowDetail({ dataset, row, canWrite, viewingDraft, labelSuggestions, onShowDraft, onSaved, onClose }: RowDetailProps) {
  const t = useTranslations("datasetRows");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const queryClient = useQueryClient();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [tab, setTab] = useState<Tab>("view");
  const [savedToDraft, setSavedToDraft] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
    setTab("view");
    setSavedToDraft(false);
  }, [row.rowKey]);

  const tabs: Tab[] = canWrite ? ["view", "edit", "history"] : ["view", "history"];

  function onTabKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const at = tabs.indexOf(tab);
    const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const step = steps[event.key];
    if (step === undefined) return;
    const next = tabs[(at + step + tabs.length) % tabs.length]!;
    event.preventDefault();
    setTab(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  }

  function saved(edited: EditedRow) {
    void queryClient.invalidateQueries({ queryKey: rowHistoryKey(dataset.id, row.rowKey) });
    setSavedToDraft(true);
    setTab("view");
    onSaved(edited);
  }

  return (
    <aside
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (event.key === "Escape" && !event.defaultPrevented) onClose();
      }}
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-border bg-surface shadow-xl"
    >
      <header className="flex items-start justify-between gap-3 border-b border-border px-5 py-4">
        <div className="min-w-0 space-y-1">
          <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-base font-semibold outline-none">
            {t("detail.title", { number: format.number(row.position + 1) })}
          </h2>
          <p className="truncate font-mono text-xs text-muted" title={row.rowKey}>
            {t("detail.rowKey", { key: row.rowKey })}
          </p>
        </div>
        <button
          type="button"
          onClick={onClose}
          aria-label={tCommon("close")}
          className="rounded-md p-1 text-muted hover:bg-subtle hover:text-fg focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <X className="size-4" aria-hidden />
        </button>
      </header>

      <div role="tablist" aria-label={t("detail.sections")} className="flex gap-1 border-b border-border px-5">
        {tabs.map((name) => (
          <button
            key={name}
            id={`${id}-tab-${name}`}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`${id}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={onTabKeyDown}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-500",
              tab === name ? "border-brand-600 text-brand-700" : "border-transparent text-muted hover:text-fg",
            )}
          >
            {t(`detail.tabs.${name}`)}
          </button>
        ))}
      </div>

      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`} className="flex-1 space-y-5 overflow-y-auto px-5 py-4">
        {savedToDraft && tab !== "edit" && (
          <Alert tone="success">
            {viewingDraft ? t("detail.saved") : t("detail.savedToDraft")}
            {!viewingDraft && onShowDraft && (
              <Button variant="ghost" size="sm" className="ml-2" onClick={onShowDraft}>
                {t("detail.showDraft")}
              </Button>
            )}
          </Alert>
        )}

        {tab === "view" && (
          <>
            <RowMeta row={row} showLabels={dataset.type === "classification"} />
            <RowView type={dataset.type} data={row.data} />
            {row.note && (
              <section className="space-y-1">
                <h3 className="text-xs font-medium text-muted">{t("edit.note")}</h3>
                <p className="text-sm whitespace-pre-wrap break-words">{row.note}</p>
              </section>
            )}
          </>
        )}
        {tab === "edit" && canWrite && (
          <RowEditor
            key={`${row.rowKey}-${row.hash}`}
            dataset={dataset}
            row={row}
            editingDraft={viewingDraft}
            labelSuggestions={labelSuggestions}
            onSaved={saved}
            onCancel={() => setTab("view")}
          />
        )}
        {tab === "history" && <RowHistory datasetId={dataset.id} rowKey={row.rowKey} />}
      </div>
    </aside>
  );
}

function RowMeta({ row, showLabels }: { row: DatasetRow; showLabels: boolean }) {
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {showLabels && (
        <>
          <dt className="text-muted">{t("table.labels")}</dt>
          <dd>
            <LabelBadges labels={row.labels} max={20} />
          </dd>
        </>
      )}
      <dt className="text-muted">{t("table.split")}</dt>
      <dd>
        <SplitBadge split={row.split} />
      </dd>
      <dt className="text-muted">{t("table.review")}</dt>
      <dd>
        <ReviewBadge review={row.review} />
      </dd>
      {row.flags.length > 0 && (
        <>
          <dt className="text-muted">{t("table.flags")}</dt>
          <dd>
            <FlagBadges flags={row.flags} />
          </dd>
        </>
      )}
      <dt className="text-muted">{t("table.tokens")}</dt>
      <dd className="tabular-nums">{format.number(row.tokens)}</dd>
      {row.sourceLine !== null && (
        <>
          <dt className="text-muted">{t("detail.sourceLine")}</dt>
          <dd className="tabular-nums">{format.number(row.sourceLine)}</dd>
        </>
      )}
    </dl>
  );
}
