"use client";

import { ChevronLeft, ChevronRight, ThumbsDown, ThumbsUp } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState, type KeyboardEvent, type RefObject } from "react";
import { Button, Card, CardBody, cn } from "@/components/ui";
import type { Review } from "@/lib/datasets/model";
import { LabelBadges, ReviewBadge, SplitBadge } from "./RowBadges";
import { RowView } from "./RowView";
import type { DatasetInfo, DatasetRow } from "./types";

// Digits 1 to 9 pick the first nine label choices.
const NUMBERED_LABELS = 9;

export type LabelingQueueCardProps = {
  dataset: DatasetInfo;
  row: DatasetRow;
  labelChoices: string[];
  /** "Row 3 of 120 in this queue", already formatted. */
  positionText: string;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  onPickLabel: (label: string) => void;
  onReview: (review: Review) => void;
  onSaveNote: (note: string) => void;
  onPrevious: () => void;
  onNext: () => void;
  canGoBack: boolean;
};

/** Renders the row being labelled: its content, label buttons numbered for the keyboard, verdict buttons and the note. */
export function LabelingQueueCard(props: LabelingQueueCardProps) {
  const { dataset, row, labelChoices, positionText, noteRef, onPickLabel, onReview, onSaveNote, onPrevious, onNext, canGoBack } = props;
  const t = useTranslations("datasetRows");
  const format = useFormatter();
  const id = useId();
  const choices = [...labelChoices, ...row.labels.filter((label) => !labelChoices.includes(label))];

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-5 py-3">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{t("detail.title", { number: format.number(row.position + 1) })}</span>
          <span className="text-muted">{positionText}</span>
          <SplitBadge split={row.split} />
          <ReviewBadge review={row.review} />
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" icon={<ChevronLeft className="size-4" aria-hidden />} onClick={onPrevious} disabled={!canGoBack} aria-keyshortcuts="K ArrowLeft">
            {t("queue.previous")}
          </Button>
          <Button variant="secondary" size="sm" onClick={onNext} aria-keyshortcuts="J ArrowRight">
            {t("queue.next")}
            <ChevronRight className="size-4" aria-hidden />
          </Button>
        </div>
      </div>

      <CardBody className="space-y-5">
        <div className="max-h-[45vh] overflow-y-auto pr-1" tabIndex={0} aria-label={t("queue.content")}>
          <RowView type={dataset.type} data={row.data} />
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold">{dataset.multiLabel ? t("queue.labelsMulti") : t("queue.labelsSingle")}</legend>
          {choices.length === 0 ? (
            <p className="text-sm text-muted">{dataset.type === "classification" ? t("queue.noLabelChoices") : t("queue.labelsNotUsed")}</p>
          ) : (
            <div className="flex flex-wrap gap-2">
              {choices.map((label, index) => {
                const selected = row.labels.includes(label);
                // Only label choices get digits; a row's labels outside them are appended and would shift the numbers.
                const shortcut = index < NUMBERED_LABELS && index < labelChoices.length ? String(index + 1) : undefined;
                return (
                  <button
                    key={label}
                    type="button"
                    aria-pressed={selected}
                    aria-keyshortcuts={shortcut}
                    onClick={() => onPickLabel(label)}
                    className={cn(
                      "inline-flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
                      selected ? "border-brand-600 bg-brand-600 text-white" : "border-border bg-surface hover:bg-subtle",
                    )}
                  >
                    {shortcut && <kbd className={cn("font-mono text-xs", selected ? "text-brand-100" : "text-muted")}>{shortcut}</kbd>}
                    {label}
                  </button>
                );
              })}
            </div>
          )}
          {row.labels.length > 0 && (
            <p className="flex items-center gap-2 text-xs text-muted">
              {t("queue.currentLabels")} <LabelBadges labels={row.labels} max={10} />
            </p>
          )}
        </fieldset>

        <div className="flex flex-wrap gap-2">
          <Button
            variant={row.review === "accepted" ? "primary" : "secondary"}
            icon={<ThumbsUp className="size-4" aria-hidden />}
            aria-pressed={row.review === "accepted"}
            aria-keyshortcuts="A"
            onClick={() => onReview("accepted")}
            className={row.review === "accepted" ? "bg-emerald-600 hover:bg-emerald-700" : undefined}
          >
            {t("queue.accept")} <kbd className="font-mono text-xs opacity-70">A</kbd>
          </Button>
          <Button
            variant={row.review === "rejected" ? "danger" : "secondary"}
            icon={<ThumbsDown className="size-4" aria-hidden />}
            aria-pressed={row.review === "rejected"}
            aria-keyshortcuts="R"
            onClick={() => onReview("rejected")}
          >
            {t("queue.reject")} <kbd className="font-mono text-xs opacity-70">R</kbd>
          </Button>
        </div>

        <NoteField key={`${row.rowKey}:${row.note}`} id={`${id}-note`} initial={row.note} noteRef={noteRef} onSave={onSaveNote} />
      </CardBody>
    </Card>
  );
}

/** Renders the free-text note of the row, which is saved when it loses focus, on Escape and on Ctrl+Enter. */
function NoteField({ id, initial, noteRef, onSave }: { id: string; initial: string; noteRef: RefObject<HTMLTextAreaElement | null>; onSave: (note: string) => void }) {
  const t = useTranslations("datasetRows");
  const [text, setText] = useState(initial);

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape" || (event.key === "Enter" && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      event.currentTarget.blur();
    }
  }

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-semibold">
        {t("edit.note")} <kbd className="ml-1 font-mono text-xs font-normal text-muted">N</kbd>
      </label>
      {/* A native textarea, because the shared Textarea does not forward refs and N must focus this one. */}
      <textarea
        id={id}
        ref={noteRef}
        className="block w-full rounded-md border border-border bg-surface px-3 py-2 text-sm text-fg shadow-xs placeholder:text-muted focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500/30"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onBlur={() => {
          if (text !== initial) onSave(text);
        }}
        onKeyDown={onKeyDown}
        rows={2}
        maxLength={5_000}
        aria-describedby={`${id}-hint`}
        aria-keyshortcuts="N"
      />
      <p id={`${id}-hint`} className="text-xs text-muted">
        {t("queue.noteHint")}
      </p>
    </div>
  );
}
