"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, Copy, FolderUp, ImageUp, X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { useFormatBytes } from "@/components/datasets/format";
import { Button, Card, CardBody, CardHeader } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { useMediaErrorMessage } from "./error-text";
import { FromUrlField } from "./FromUrlField";
import { mediaKeys } from "./queries";
import type { UploadOutcome } from "./types";
import { filesFromDrop, uploadMediaFile } from "./upload-request";

/** Files uploaded at once; more only queue behind the server's one-at-a-time image checks. */
const PARALLEL_UPLOADS = 3;

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/tiff,image/heic,image/heif,.heic,.heif,audio/wav,audio/mpeg,audio/mp4,.m4a";

type UploadItem = {
  key: number;
  file: File;
  loaded: number;
  state: "queued" | "uploading" | "done" | "failed";
  outcome?: UploadOutcome;
  error?: unknown;
};

/**
 * Renders the upload card: drop files or a folder, or choose them, and watch one progress bar per file
 * and one for the whole batch. Each file is its own request, so one rejected file does not stop the others.
 */
export function MediaUploader() {
  const t = useTranslations("media.upload");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const queryClient = useQueryClient();
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const controllerRef = useRef(new AbortController());
  const nextKey = useRef(0);
  const [items, setItems] = useState<UploadItem[]>([]);
  const [dragging, setDragging] = useState(false);
  // Set once React has attached the handlers: files chosen before that would be ignored, so tests wait for it.
  const [hydrated, setHydrated] = useState(false);

  // React has no typed prop for webkitdirectory, which makes the input pick a whole folder.
  useEffect(() => {
    folderRef.current?.setAttribute("webkitdirectory", "");
    setHydrated(true);
  }, []);

  const update = (key: number, change: Partial<UploadItem>) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  async function uploadOne(item: UploadItem, signal: AbortSignal) {
    update(item.key, { state: "uploading" });
    try {
      const outcome = await uploadMediaFile(item.file, { signal, onProgress: (loaded) => update(item.key, { loaded }) });
      update(item.key, { state: outcome.status === "rejected" ? "failed" : "done", outcome, loaded: item.file.size });
      void queryClient.invalidateQueries({ queryKey: mediaKeys.all });
    } catch (error) {
      update(item.key, { state: "failed", error });
    }
  }

  async function start(files: File[]) {
    if (files.length === 0) return;
    const added = files.map((file) => ({ key: nextKey.current++, file, loaded: 0, state: "queued" as const }));
    setItems((current) => [...current, ...added]);

    const signal = controllerRef.current.signal;
    const pending = [...added];
    const runners = Array.from({ length: Math.min(PARALLEL_UPLOADS, pending.length) }, async () => {
      for (let item = pending.shift(); item && !signal.aborted; item = pending.shift()) await uploadOne(item, signal);
    });
    await Promise.all(runners);
  }

  function cancelAll() {
    controllerRef.current.abort();
    controllerRef.current = new AbortController();
    setItems((current) => current.filter((item) => item.state === "done" || item.state === "failed"));
  }

  async function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void start(await filesFromDrop(event.dataTransfer));
  }

  const totalBytes = items.reduce((sum, item) => sum + item.file.size, 0);
  const loadedBytes = items.reduce((sum, item) => sum + (item.state === "done" || item.state === "failed" ? item.file.size : item.loaded), 0);
  const active = items.some((item) => item.state === "queued" || item.state === "uploading");
  const finished = items.filter((item) => item.state === "done" || item.state === "failed").length;

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        <div
          data-testid="media-dropzone"
          data-ready={hydrated ? "true" : "false"}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(event) => void onDrop(event)}
          className={cn(
            "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
            dragging ? "border-brand-500 bg-brand-50" : "border-border",
          )}
        >
          <ImageUp className="size-8 text-muted" aria-hidden />
          <p className="text-sm text-fg">{t("dropHere")}</p>
          <p className="text-xs text-muted">{t("accepted")}</p>
          <div className="flex flex-wrap justify-center gap-2">
            <Button variant="secondary" icon={<ImageUp className="size-4" aria-hidden />} onClick={() => filesRef.current?.click()}>
              {t("chooseFiles")}
            </Button>
            <Button variant="secondary" icon={<FolderUp className="size-4" aria-hidden />} onClick={() => folderRef.current?.click()}>
              {t("chooseFolder")}
            </Button>
          </div>
          <input
            ref={filesRef}
            data-testid="media-file-input"
            type="file"
            multiple
            accept={ACCEPT}
            className="sr-only"
            tabIndex={-1}
            aria-label={t("chooseFiles")}
            onChange={(event) => {
              void start([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
          <input
            ref={folderRef}
            type="file"
            multiple
            className="sr-only"
            tabIndex={-1}
            aria-label={t("chooseFolder")}
            onChange={(event) => {
              void start([...(event.target.files ?? [])].filter((file) => !file.name.startsWith(".")));
              event.target.value = "";
            }}
          />
        </div>

        <FromUrlField />

        {items.length > 0 && (
          <div className="space-y-3">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <ProgressBar
                className="min-w-60 flex-1"
                value={totalBytes > 0 ? loadedBytes / totalBytes : null}
                label={t("overallLabel")}
                detail={t("overall", {
                  done: finished,
                  total: items.length,
                  loaded: formatBytes(loadedBytes),
                  size: formatBytes(totalBytes),
                  percent: format.number(totalBytes > 0 ? loadedBytes / totalBytes : 0, { style: "percent" }),
                })}
              />
              {active ? (
                <Button variant="secondary" size="sm" icon={<X className="size-4" aria-hidden />} onClick={cancelAll}>
                  {t("cancelAll")}
                </Button>
              ) : (
                <Button variant="ghost" size="sm" onClick={() => setItems([])}>
                  {t("clear")}
                </Button>
              )}
            </div>
            <ul className="max-h-72 space-y-2 overflow-y-auto pr-1" aria-label={t("listLabel")}>
              {items.map((item) => (
                <UploadRow key={item.key} item={item} />
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const t = useTranslations("media.upload");
  const formatBytes = useFormatBytes();
  const { errorText, reasonText } = useMediaErrorMessage();
  const outcome = item.outcome;

  let status: ReactNode = null;
  if (item.state === "failed") {
    const message = outcome?.error ? reasonText(outcome.error.reason, outcome.error.params, outcome.error.message) : errorText(item.error);
    status = (
      <p className="flex items-start gap-1.5 text-xs text-red-700" role="alert">
        <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        {message}
      </p>
    );
  } else if (item.state === "done" && outcome) {
    const Icon = outcome.duplicate ? Copy : CheckCircle2;
    status = (
      <div className="space-y-0.5 text-xs">
        <p className={cn("flex items-center gap-1.5", outcome.duplicate ? "text-amber-800" : "text-emerald-700")}>
          <Icon className="size-3.5" aria-hidden />
          {outcome.duplicate ? t("duplicate") : t("stored")}
        </p>
        {outcome.note && <p className="text-amber-800">{reasonText(outcome.note.reason, outcome.note.params, outcome.note.message)}</p>}
      </div>
    );
  }

  return (
    <li className="rounded-md border border-border px-3 py-2" data-testid="upload-row" data-state={item.state}>
      <div className="mb-1 flex items-center justify-between gap-3 text-sm">
        <span className="truncate font-medium" title={item.file.webkitRelativePath || item.file.name}>
          {item.file.webkitRelativePath || item.file.name}
        </span>
        <span className="shrink-0 text-xs text-muted tabular-nums">{formatBytes(item.file.size)}</span>
      </div>
      {(item.state === "queued" || item.state === "uploading") && (
        <ProgressBar value={item.file.size > 0 ? item.loaded / item.file.size : null} label={t("fileProgressLabel", { filename: item.file.name })} />
      )}
      {status}
    </li>
  );
}
