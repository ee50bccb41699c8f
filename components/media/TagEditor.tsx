"use client";

import { X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button, Input } from "@/components/ui";

/** Edits a list of tags as removable chips plus an input; calls `onSave` with the whole new list. */
export function TagEditor({ tags, onSave, disabled, pending }: { tags: string[]; onSave: (tags: string[]) => void; disabled?: boolean; pending?: boolean }) {
  const t = useTranslations("media.detail");
  const [draft, setDraft] = useState("");

  function add(event: FormEvent) {
    event.preventDefault();
    const value = draft.trim();
    if (!value || tags.includes(value)) return;
    onSave([...tags, value]);
    setDraft("");
  }

  return (
    <div className="space-y-2">
      <ul className="flex flex-wrap gap-1.5" aria-label={t("tags")}>
        {tags.length === 0 && <li className="text-sm text-muted">{t("noTags")}</li>}
        {tags.map((tag) => (
          <li key={tag} className="inline-flex items-center gap-1 rounded-full bg-subtle px-2 py-0.5 text-xs ring-1 ring-border">
            {tag}
            {!disabled && (
              <button type="button" className="rounded-full p-0.5 hover:bg-border" aria-label={t("removeTag", { tag })} onClick={() => onSave(tags.filter((existing) => existing !== tag))}>
                <X className="size-3" aria-hidden />
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <form className="flex gap-2" onSubmit={add}>
          <Input value={draft} maxLength={50} placeholder={t("tagPlaceholder")} aria-label={t("newTag")} onChange={(event) => setDraft(event.target.value)} />
          <Button type="submit" variant="secondary" size="sm" loading={pending} disabled={!draft.trim()}>
            {t("addTag")}
          </Button>
        </form>
      )}
    </div>
  );
}
