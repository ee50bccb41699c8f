"use client";

import { FileUp, X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useRef, useState, type DragEvent } from "react";
import { Alert, Button, buttonClasses, Card, CardBody, CardHeader, FormField, Select, Textarea } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { Link } from "@/i18n/navigation";
import { useApiErrorMessage } from "../api";
import { useFormatBytes } from "../format";
import { ProgressBar } from "../ProgressBar";
import type { StoredFileView, UploadResult } from "../types";
import { uploadFile, uploadPastedText, UploadCancelledError, type UploadProgress } from "./upload-request";

const ACCEPTED_EXTENSIONS = ".jsonl,.json,.csv,.tsv,.xlsx,.txt";
const PASTE_FORMATS = ["jsonl", "csv", "tsv", "json"] as const;
type PasteFormat = (typeof PASTE_FORMATS)[number];

type Uploading = { filename: string; progress: UploadProgress; controller: AbortController };

/**
 * Renders the first step of the import wizard: drop or choose a file, or paste rows. Files upload with a progress
 * bar and a Cancel button. When the same bytes were imported before, the user chooses between opening
 * that version and importing again.
 */
export function UploadStep({ onUploaded, disabled }: { onUploaded: (file: StoredFileView) => void; disabled?: boolean }) {
  const t = useTranslations("datasets.upload");
  const format = useFormatter();
  const formatBytes = useFormatBytes();
  const errorMessage = useApiErrorMessage();
  const inputRef = useRef<HTMLInputElement>(null);
  const pasteId = useId();
  const [dragging, setDragging] = useState(false);
  const [uploading, setUploading] = useState<Uploading | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [duplicate, setDuplicate] = useState<UploadResult | null>(null);
  const [pasteFormat, setPasteFormat] = useState<PasteFormat>("jsonl");
  const [pasteText, setPasteText] = useState("");
  const [pasting, setPasting] = useState(false);
  const busy = disabled || uploading !== null || pasting;

  function finish(result: UploadResult) {
    if (result.duplicateOf) setDuplicate(result);
    else onUploaded(result.file);
  }

  async function startUpload(file: File) {
    setFailure(null);
    setDuplicate(null);
    const controller = new AbortController();
    setUploading({ filename: file.name, progress: { loaded: 0, total: file.size }, controller });
    try {
      const result = await uploadFile(file, {
        signal: controller.signal,
        onProgress: (progress) => setUploading((current) => (current ? { ...current, progress } : current)),
      });
      finish(result);
    } catch (error) {
      if (!(error instanceof UploadCancelledError)) setFailure(error);
    } finally {
      setUploading(null);
      if (inputRef.current) inputRef.current.value = "";
    }
  }

  async function submitPaste() {
    if (!pasteText.trim()) return;
    setFailure(null);
    setDuplicate(null);
    setPasting(true);
    try {
      finish(await uploadPastedText(`pasted.${pasteFormat}`, pasteText));
    } catch (error) {
      setFailure(error);
    } finally {
      setPasting(false);
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) void startUpload(file);
  }

  const progress = uploading?.progress;
  const fraction = progress && progress.total > 0 ? progress.loaded / progress.total : null;

  return (
    <div className="space-y-4">
      {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}

      {duplicate?.duplicateOf && (
        <Alert tone="warning" title={t("duplicateTitle")}>
          <p>{t("duplicateBody", { dataset: duplicate.duplicateOf.datasetName, number: duplicate.duplicateOf.versionNumber ?? 0 })}</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Link href={`/datasets/${duplicate.duplicateOf.datasetId}?v=${duplicate.duplicateOf.versionId}`} className={buttonClasses("secondary", "sm")}>
              {t("openDuplicate")}
            </Link>
            <Button size="sm" onClick={() => onUploaded(duplicate.file)}>
              {t("importAnyway")}
            </Button>
          </div>
        </Alert>
      )}

      <Card>
        <CardHeader title={t("fileTitle")} description={t("fileDescription")} />
        <CardBody>
          {uploading && progress ? (
            <div className="space-y-3">
              <p className="text-sm font-medium break-all">{t("uploading", { filename: uploading.filename })}</p>
              <ProgressBar
                value={fraction}
                label={t("progressLabel")}
                detail={t("progress", {
                  loaded: formatBytes(progress.loaded),
                  total: formatBytes(progress.total),
                  percent: format.number(fraction ?? 0, { style: "percent" }),
                })}
              />
              <Button variant="secondary" size="sm" icon={<X className="size-4" aria-hidden />} onClick={() => uploading.controller.abort()}>
                {t("cancel")}
              </Button>
            </div>
          ) : (
            <div
              onDragOver={(event) => {
                event.preventDefault();
                if (!busy) setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
              className={cn(
                "flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors",
                dragging ? "border-brand-500 bg-brand-50" : "border-border",
              )}
            >
              <FileUp className="size-8 text-muted" aria-hidden />
              <p className="text-sm text-fg">{t("dropHere")}</p>
              <Button variant="secondary" onClick={() => inputRef.current?.click()} disabled={busy}>
                {t("choose")}
              </Button>
              <input
                ref={inputRef}
                type="file"
                accept={ACCEPTED_EXTENSIONS}
                className="sr-only"
                tabIndex={-1}
                aria-hidden
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void startUpload(file);
                }}
              />
              <p className="max-w-lg text-xs text-muted">{t("formats")}</p>
            </div>
          )}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t("pasteTitle")} description={t("pasteDescription")} />
        <CardBody>
          <form
            className="space-y-3"
            onSubmit={(event) => {
              event.preventDefault();
              void submitPaste();
            }}
          >
            <FormField id={`${pasteId}-format`} label={t("pasteFormat")}>
              <Select
                value={pasteFormat}
                onChange={(event) => setPasteFormat(event.target.value as PasteFormat)}
                options={PASTE_FORMATS.map((value) => ({ value, label: t(`pasteFormats.${value}`) }))}
                className="w-56"
              />
            </FormField>
            <FormField id={`${pasteId}-text`} label={t("pasteLabel")} hint={t("pasteHint")}>
              <Textarea value={pasteText} onChange={(event) => setPasteText(event.target.value)} rows={8} className="font-mono text-xs" spellCheck={false} />
            </FormField>
            <Button type="submit" variant="secondary" loading={pasting} disabled={busy || !pasteText.trim()}>
              {t("pasteSubmit")}
            </Button>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
