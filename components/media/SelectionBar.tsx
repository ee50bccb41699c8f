"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Tag, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend } from "@/components/datasets/api";
import { Alert, Button, Input } from "@/components/ui";
import { AddToDatasetButton } from "./dataset-rows/AddToDatasetButton";
import { useMediaErrorMessage } from "./error-text";
import { TranscribeButton } from "./transcribe/TranscribeButton";
import { mediaKeys } from "./queries";
import type { MediaSummary } from "./types";

/** Requests sent at once when a bulk action touches many files. */
const PARALLEL_REQUESTS = 4;

/** Runs `action` for every item, a few at a time; returns the failures. */
async function forEachLimited<T>(items: T[], action: (item: T) => Promise<unknown>): Promise<unknown[]> {
  const failures: unknown[] = [];
  const queue = [...items];
  const runners = Array.from({ length: Math.min(PARALLEL_REQUESTS, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      try {
        await action(item);
      } catch (error) {
        failures.push(error);
      }
    }
  });
  await Promise.all(runners);
  return failures;
}

/**
 * Renders the bar shown while files are selected: add or remove a tag on all of them, or delete them.
 * Each file is one PATCH or DELETE, so every change gets its own audit event.
 */
export function SelectionBar({ selected, onClear }: { selected: MediaSummary[]; onClear: () => void }) {
  const t = useTranslations("media.selection");
  const tCommon = useTranslations("common");
  const queryClient = useQueryClient();
  const { errorText } = useMediaErrorMessage();
  const [tag, setTag] = useState("");
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; count: number } | null>(null);

  async function run(action: (asset: MediaSummary) => Promise<unknown>) {
    setPending(true);
    setFailure(null);
    const failures = await forEachLimited(selected, action);
    setPending(false);
    await queryClient.invalidateQueries({ queryKey: mediaKeys.all });
    if (failures.length > 0) setFailure({ error: failures[0], count: failures.length });
    return failures.length === 0;
  }

  async function changeTag(event: FormEvent, mode: "add" | "remove") {
    event.preventDefault();
    const value = tag.trim();
    if (!value) return;
    const ok = await run((asset) => {
      const tags = mode === "add" ? [...new Set([...asset.tags, value])] : asset.tags.filter((existing) => existing !== value);
      if (tags.length === asset.tags.length && tags.every((existing, index) => existing === asset.tags[index])) return Promise.resolve();
      return apiSend("PATCH", `/media/${encodeURIComponent(asset.id)}`, { tags });
    });
    if (ok) setTag("");
  }

  async function deleteSelected() {
    const ok = await run((asset) => apiSend("DELETE", `/media/${encodeURIComponent(asset.id)}`));
    setConfirming(false);
    if (ok) onClear();
  }

  return (
    <div className="sticky top-0 z-10 space-y-2 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3" data-testid="selection-bar">
      <form className="flex flex-wrap items-center gap-3" onSubmit={(event) => void changeTag(event, "add")}>
        <span className="text-sm font-medium">{t("count", { count: selected.length })}</span>
        <label className="flex items-center gap-2">
          <span className="sr-only">{t("tagLabel")}</span>
          <Tag className="size-4 text-muted" aria-hidden />
          <Input className="w-44" value={tag} maxLength={50} placeholder={t("tagPlaceholder")} onChange={(event) => setTag(event.target.value)} />
        </label>
        <Button type="submit" size="sm" variant="secondary" disabled={!tag.trim()} loading={pending}>
          {t("addTag")}
        </Button>
        <Button size="sm" variant="secondary" disabled={!tag.trim() || pending} onClick={(event) => void changeTag(event, "remove")}>
          {t("removeTag")}
        </Button>
        {selected.some((asset) => asset.kind === "audio") && <TranscribeButton assetIds={selected.filter((asset) => asset.kind === "audio" && asset.status === "ready").map((asset) => asset.id)} />}
        {selected.some((asset) => asset.kind === "image") && <AddToDatasetButton selected={selected} />}
        <Button size="sm" variant="danger" icon={<Trash2 className="size-4" aria-hidden />} disabled={pending} onClick={() => setConfirming(true)}>
          {t("delete")}
        </Button>
        <Button size="sm" variant="ghost" icon={<X className="size-4" aria-hidden />} onClick={onClear}>
          {t("clear")}
        </Button>
      </form>
      {failure && <Alert tone="error">{t("failed", { count: failure.count, message: errorText(failure.error) })}</Alert>}

      <ConfirmDialog
        open={confirming}
        title={t("deleteTitle", { count: selected.length })}
        description={t("deleteBody")}
        confirmLabel={t("deleteConfirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={pending}
        onConfirm={() => void deleteSelected()}
        onClose={() => setConfirming(false)}
      />
    </div>
  );
}
