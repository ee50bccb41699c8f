"use client";

import { FileAudio, ImageOff, Loader2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Card, CardBody } from "@/components/ui";
import { OcrOverlay } from "./OcrOverlay";
import type { MediaDetail } from "./types";

type MediaViewerProps = { asset: MediaDetail; highlighted: number | null; onHighlight: (index: number | null) => void };

/** Shows the derived copy with the OCR boxes over it, or an audio player for audio files. */
export function MediaViewer({ asset, highlighted, onHighlight }: MediaViewerProps) {
  const t = useTranslations("media.detail");
  const toggleId = useId();
  const [showBoxes, setShowBoxes] = useState(true);
  const boxes = asset.ocrBoxes ?? [];

  if (asset.kind === "audio") {
    return (
      <Card>
        <CardBody className="flex flex-col items-center gap-4 py-10">
          <FileAudio className="size-12 text-muted" aria-hidden />
          <audio data-testid="audio-player" controls preload="metadata" src={asset.urls.original} className="w-full max-w-lg">
            {t("audioUnsupported")}
          </audio>
        </CardBody>
      </Card>
    );
  }

  if (!asset.urls.derived || !asset.width || !asset.height) {
    const failed = asset.status === "failed";
    return (
      <Card>
        <CardBody className="flex flex-col items-center gap-3 py-16 text-sm text-muted">
          {failed ? <ImageOff className="size-10 text-red-600" aria-hidden /> : <Loader2 className="size-8 animate-spin" aria-hidden />}
          {failed ? t("noPreview") : t("processing")}
        </CardBody>
      </Card>
    );
  }

  return (
    <Card>
      <CardBody className="space-y-3">
        {boxes.length > 0 && (
          <div className="flex items-center gap-2 text-sm">
            <input id={toggleId} type="checkbox" className="size-4 accent-brand-600" checked={showBoxes} onChange={(event) => setShowBoxes(event.target.checked)} />
            <label htmlFor={toggleId}>{t("showBoxes", { count: boxes.length })}</label>
          </div>
        )}
        {/* The wrapper takes the image's aspect ratio, so the overlay's box matches the displayed image exactly. */}
        <div className="relative mx-auto w-fit max-w-full">
          {/* eslint-disable-next-line @next/next/no-img-element -- the file comes from the API with the session cookie */}
          <img
            data-testid="media-image"
            src={asset.urls.derived}
            alt={asset.caption ?? asset.originalName}
            width={asset.width}
            height={asset.height}
            className="block h-auto max-h-[75vh] w-auto max-w-full"
          />
          {showBoxes && boxes.length > 0 && <OcrOverlay boxes={boxes} width={asset.width} height={asset.height} highlighted={highlighted} onHighlight={onHighlight} />}
        </div>
      </CardBody>
    </Card>
  );
}
