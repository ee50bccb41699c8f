"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, FormField, Select, Textarea } from "@/components/ui";
import { SPLITS, type ChatMessage, type Review, type RowData, type Split } from "@/lib/datasets/model";
import { ChatMessagesEditor } from "./ChatMessagesEditor";
import { sortFieldErrors } from "./field-errors";
import { LabelsEditor } from "./LabelsEditor";
import { patchRow } from "./row-api";
import { isChatData, TEXT_FIELDS, textField } from "./row-text";
import type { DatasetInfo, DatasetRow, EditedRow, RowPatch } from "./types";
import { joinReasons, useReasonText } from "./use-reason-text";

export type RowEditorProps = {
  dataset: DatasetInfo;
  row: DatasetRow;
  /** False when the table shows a ready version. Saving then writes to the draft, and the form shows a notice about it. */
  editingDraft: boolean;
  labelSuggestions: string[];
  onSaved: (edited: EditedRow) => void;
  onCancel: () => void;
};

/** Renders the edit form of one row: content per dataset type, labels, split, review and note. Saving sends one PATCH. */
export function RowEditor({ dataset, row, editingDraft, labelSuggestions, onSaved, onCancel }: RowEditorProps) {
  const t = useTranslations("datasetRows");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const reasonText = useReasonText();
  const id = useId();

  const [data, setData] = useState<RowData>(() => structuredClone(row.data));
  const [labels, setLabels] = useState(row.labels);
  const [split, setSplit] = useState<Split | null>(row.split);
  const [review, setReview] = useState<Review | null>(row.review);
  const [note, setNote] = useState(row.note);

  const save = useMutation({
    mutationFn: (patch: RowPatch) => patchRow(dataset.id, row.rowKey, patch),
    onSuccess: onSaved,
  });

  const chat = isChatData(data);
  const textFields = dataset.type && dataset.type !== "chat" ? TEXT_FIELDS[dataset.type] : [];
  const editorFields = [...(chat ? ["messages"] : textFields), "labels", "split", "review", "note"];
  const fieldErrors = sortFieldErrors(isApiRequestError(save.error) ? save.error.fields : undefined, editorFields);
  const errorOf = (field: string) => joinReasons(fieldErrors.byField.get(field), reasonText);
  const turnErrors = new Map([...fieldErrors.byTurn].map(([turn, reasons]) => [turn, joinReasons(reasons, reasonText)!]));
  const hasInlineErrors = fieldErrors.byField.size > 0 || fieldErrors.byTurn.size > 0;

  function buildPatch(): RowPatch {
    const patch: RowPatch = {};
    if (JSON.stringify(data) !== JSON.stringify(row.data)) patch.data = data as Record<string, unknown>;
    if (JSON.stringify(labels) !== JSON.stringify(row.labels)) patch.labels = labels.map((label) => label.trim()).filter(Boolean);
    if (split !== row.split) patch.split = split;
    if (review !== row.review) patch.review = review;
    if (note !== row.note) patch.note = note;
    return patch;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = buildPatch();
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    save.mutate(patch);
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate aria-busy={save.isPending || undefined}>
      {!editingDraft && <Alert tone="info">{t("edit.goesToDraft")}</Alert>}
      {save.error && !hasInlineErrors && fieldErrors.other.length === 0 && <Alert tone="error">{errorMessage(save.error)}</Alert>}
      {fieldErrors.other.length > 0 && (
        <Alert tone="error" title={t("edit.invalidRow")}>
          {joinReasons(fieldErrors.other, reasonText)}
        </Alert>
      )}
      {hasInlineErrors && <Alert tone="error">{t("edit.fixMarkedFields")}</Alert>}

      {chat ? (
        <ChatMessagesEditor
          messages={data.messages}
          onChange={(messages: ChatMessage[]) => setData({ ...data, messages })}
          turnErrors={turnErrors}
          listError={errorOf("messages")}
        />
      ) : (
        textFields.map((field) => (
          <FormField key={field} id={`${id}-${field}`} label={t(`tags.${field}`)} error={errorOf(field)}>
            <Textarea
              value={textField(data, field)}
              onChange={(event) => setData({ ...data, [field]: event.target.value } as RowData)}
              rows={field === "input" ? 2 : 5}
            />
          </FormField>
        ))
      )}

      {/* Only classification rows keep labels: the server's normalizer clears them for the other types. */}
      {dataset.type === "classification" && (
        <LabelsEditor
          labels={labels}
          onChange={setLabels}
          labelSet={dataset.labelSet}
          multiLabel={dataset.multiLabel}
          suggestions={labelSuggestions}
          error={errorOf("labels")}
        />
      )}

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={`${id}-split`} label={t("edit.split")} error={errorOf("split")}>
          <Select
            value={split ?? ""}
            onChange={(event) => setSplit((event.target.value || null) as Split | null)}
            options={[{ value: "", label: t("splits.none") }, ...SPLITS.map((value) => ({ value, label: t(`splits.${value}`) }))]}
          />
        </FormField>
        <FormField id={`${id}-review`} label={t("edit.review")} error={errorOf("review")}>
          <Select
            value={review ?? ""}
            onChange={(event) => setReview((event.target.value || null) as Review | null)}
            options={[
              { value: "", label: t("review.unreviewed") },
              { value: "accepted", label: t("review.accepted") },
              { value: "rejected", label: t("review.rejected") },
            ]}
          />
        </FormField>
      </div>

      <FormField id={`${id}-note`} label={t("edit.note")} hint={t("edit.noteHint")} error={errorOf("note")}>
        <Textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} maxLength={5_000} />
      </FormField>

      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={save.isPending}>
          {tCommon("cancel")}
        </Button>
        <Button type="submit" loading={save.isPending}>
          {editingDraft ? t("edit.save") : t("edit.saveToDraft")}
        </Button>
      </div>
    </form>
  );
}
