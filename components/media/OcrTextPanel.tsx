"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Alert, Card, CardBody, CardHeader } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import enOcrMessages from "@/messages/en/mediaOcr.json";
import type { MediaDetail } from "./types";

/**
 * Finds the code of a stored OCR error. The OCR job stores the English message of its code, so the
 * English catalogue maps it back and the message can be shown in the user's language.
 */
function ocrErrorCode(stored: string): string | null {
  const match = Object.entries(enOcrMessages.errors).find(([, text]) => text === stored);
  return match ? match[0] : null;
}

type OcrTextPanelProps = { asset: MediaDetail; highlighted: number | null; onHighlight: (index: number | null) => void };

/**
 * Lists the recognised lines with their confidence; hovering a line highlights its box on the image.
 * Audio files show their transcript instead.
 */
export function OcrTextPanel({ asset, highlighted, onHighlight }: OcrTextPanelProps) {
  const t = useTranslations("media.detail");
  const tOcrErrors = useTranslations("mediaOcr.errors");
  const format = useFormatter();

  if (asset.kind === "audio") {
    return (
      <Card>
        <CardHeader title={t("transcript")} />
        <CardBody>
          {asset.transcriptError && <Alert tone="error">{asset.transcriptError}</Alert>}
          <p className="text-sm whitespace-pre-wrap text-muted">{asset.transcript || t("noTranscript")}</p>
        </CardBody>
      </Card>
    );
  }

  const boxes = asset.ocrBoxes ?? [];
  const errorCode = asset.ocrError ? ocrErrorCode(asset.ocrError) : null;
  const ocrError = errorCode && tOcrErrors.has(errorCode) ? tOcrErrors(errorCode) : asset.ocrError;
  const description =
    asset.ocrStatus === "done" && asset.ocrConfidence !== null
      ? t("ocrConfidence", { confidence: format.number(asset.ocrConfidence, { style: "percent" }) })
      : undefined;

  return (
    <Card>
      <CardHeader title={t("ocrText")} description={description} />
      <CardBody className="space-y-2">
        {asset.ocrStatus === "failed" && ocrError && <Alert tone="error">{ocrError}</Alert>}
        {(asset.ocrStatus === "queued" || asset.ocrStatus === "running") && <p className="text-sm text-muted">{t("ocrPending")}</p>}
        {asset.ocrStatus === "none" && <p className="text-sm text-muted">{t("ocrNone")}</p>}
        {asset.ocrStatus === "done" && !asset.ocrText?.trim() && <p className="text-sm text-muted">{t("ocrEmpty")}</p>}

        {boxes.length > 0 ? (
          <ol className="max-h-96 space-y-1 overflow-y-auto" data-testid="ocr-lines">
            {boxes.map((entry, index) => (
              <li
                key={index}
                onMouseEnter={() => onHighlight(index)}
                onMouseLeave={() => onHighlight(null)}
                className={cn("flex items-baseline justify-between gap-3 rounded px-2 py-1 text-sm", highlighted === index && "bg-brand-50")}
              >
                <span className="break-all">{entry.text}</span>
                <span className="shrink-0 text-xs text-muted tabular-nums">{format.number(entry.confidence, { style: "percent" })}</span>
              </li>
            ))}
          </ol>
        ) : (
          asset.ocrText?.trim() && <p className="text-sm whitespace-pre-wrap">{asset.ocrText}</p>
        )}
      </CardBody>
    </Card>
  );
}
