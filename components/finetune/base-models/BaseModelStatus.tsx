"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { useFormatBytes } from "@/components/datasets/format";
import { Badge, type BadgeTone } from "@/components/ui";
import { hubErrorText } from "./hub-error-text";
import type { BaseModelView } from "./types";

const STATUS_TONES: Record<string, BadgeTone> = { ready: "success", downloading: "brand", failed: "danger" };

/** Renders a base model's status badge, with the download progress bar while downloading and the error once failed. */
export function BaseModelStatus({ model }: { model: BaseModelView }) {
  const t = useTranslations("baseModels.status");
  const formatBytes = useFormatBytes();
  const label = t.has(model.status) ? t(model.status as "ready") : model.status;

  return (
    <div className="min-w-48 space-y-1.5">
      <Badge tone={STATUS_TONES[model.status] ?? "neutral"}>{label}</Badge>
      {model.status === "downloading" && (
        <ProgressBar
          label={t("progressLabel", { name: model.name })}
          value={model.totalBytes ? (model.downloadedBytes ?? 0) / model.totalBytes : null}
          detail={
            model.totalBytes
              ? t("progressDetail", { done: formatBytes(model.downloadedBytes ?? 0), total: formatBytes(model.totalBytes) })
              : t("listingFiles")
          }
        />
      )}
      {model.status === "downloading" && model.error && <DownloadError error={model.error} className="text-muted" />}
      {model.status === "failed" && model.error && <DownloadError error={model.error} className="text-red-700" />}
    </div>
  );
}

/**
 * Shows a download error in the page's language when its cause is a known one, clamped to three lines.
 * The toggle shows the stored text in full, because it names the URLs and files involved.
 */
function DownloadError({ error, className }: { error: string; className: string }) {
  const t = useTranslations("baseModels.hubErrors");
  const [open, setOpen] = useState(false);
  const { cause, retrying } = hubErrorText(error);
  const text = cause ? t(cause.key as "notFound", cause.values) : error;
  const shown = retrying && cause ? t("retrying", { cause: text }) : text;

  return (
    <div className="max-w-xs text-xs">
      <p className={`break-words ${open ? "" : "line-clamp-3"} ${className}`} title={open ? undefined : error}>
        {shown}
      </p>
      <button type="button" className="mt-0.5 text-brand-700 hover:underline" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t("hideDetails") : t("showDetails")}
      </button>
      {open && <p className="mt-1 font-mono break-words text-muted">{error}</p>}
    </div>
  );
}
