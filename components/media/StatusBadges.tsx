"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { MediaSummary } from "./types";

const processingTones: Record<string, BadgeTone> = { processing: "brand", ready: "success", failed: "danger" };
const ocrTones: Record<string, BadgeTone> = { queued: "neutral", running: "brand", done: "success", failed: "danger" };

/** Renders badges for processing and OCR status. `compact` hides "ready", which most files are. */
export function StatusBadges({ asset, compact = false }: { asset: Pick<MediaSummary, "status" | "ocrStatus" | "hasText" | "kind">; compact?: boolean }) {
  const t = useTranslations("media.status");
  const showStatus = !compact || asset.status !== "ready";
  const showOcr = asset.kind === "image" && asset.ocrStatus !== "none" && asset.status === "ready";

  let ocrLabel = asset.ocrStatus;
  if (asset.ocrStatus === "done") ocrLabel = asset.hasText ? t("ocrText") : t("ocrNoText");
  else if (t.has(`ocr.${asset.ocrStatus}`)) ocrLabel = t(`ocr.${asset.ocrStatus}`);

  return (
    // A span, so the badges may sit inside a paragraph such as the page header's description.
    <span className="flex flex-wrap gap-1">
      {showStatus && <Badge tone={processingTones[asset.status] ?? "neutral"}>{t.has(asset.status) ? t(asset.status) : asset.status}</Badge>}
      {showOcr && <Badge tone={ocrTones[asset.ocrStatus] ?? "neutral"}>{ocrLabel}</Badge>}
    </span>
  );
}
