"use client";

import { useTranslations } from "next-intl";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { useFormatBytes } from "@/components/datasets/format";
import { Badge, type BadgeTone } from "@/components/ui";
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
      {model.status === "downloading" && model.error && <p className="max-w-sm text-xs break-words text-muted">{model.error}</p>}
      {model.status === "failed" && model.error && <p className="max-w-sm text-xs break-words text-red-700">{model.error}</p>}
    </div>
  );
}
