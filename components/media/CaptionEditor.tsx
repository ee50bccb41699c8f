"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button, Textarea } from "@/components/ui";

/** Edits the caption in a text area with a Save button; read-only roles see the text only. */
export function CaptionEditor({ caption, onSave, disabled, pending }: { caption: string | null; onSave: (caption: string | null) => void; disabled?: boolean; pending?: boolean }) {
  const t = useTranslations("media.detail");
  const [draft, setDraft] = useState(caption ?? "");

  // A caption saved elsewhere (another tab, a batch job) replaces the draft once it arrives.
  useEffect(() => setDraft(caption ?? ""), [caption]);

  if (disabled) return <p className="text-sm whitespace-pre-wrap text-muted">{caption || t("noCaption")}</p>;

  const changed = draft.trim() !== (caption ?? "");
  return (
    <div className="space-y-2">
      <Textarea rows={3} maxLength={4000} value={draft} aria-label={t("caption")} placeholder={t("captionPlaceholder")} onChange={(event) => setDraft(event.target.value)} />
      <Button size="sm" variant="secondary" disabled={!changed} loading={pending} onClick={() => onSave(draft.trim() || null)}>
        {t("saveCaption")}
      </Button>
    </div>
  );
}
