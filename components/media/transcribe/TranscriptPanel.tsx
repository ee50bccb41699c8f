"use client";

import { useTranslations } from "next-intl";
import { Alert, Card, CardBody, CardHeader } from "@/components/ui";
import type { MediaDetail } from "../types";
import { useTranscriptErrorText } from "./audio-error-text";
import { TranscribeButton } from "./TranscribeButton";

/** Shows an audio file's transcript with its status, and the button that (re)starts a transcription. */
export function TranscriptPanel({ asset, canWrite }: { asset: MediaDetail; canWrite: boolean }) {
  const t = useTranslations("mediaAudio.transcribe");
  const transcriptErrorText = useTranscriptErrorText();
  const status = asset.transcriptStatus;
  const busy = status === "queued" || status === "running";

  const action = canWrite && !busy && asset.status === "ready" ? <TranscribeButton assetIds={[asset.id]} label={status === "none" ? t("action") : t("again")} /> : undefined;

  return (
    <Card>
      <CardHeader title={t("panelTitle")} actions={action} />
      <CardBody className="space-y-2" data-testid="transcript-panel">
        {busy && <p className="text-sm text-muted">{t(`status.${status}`)}</p>}
        {status === "failed" && (
          <Alert tone="error" title={t("status.failed")}>
            {asset.transcriptError ? transcriptErrorText(asset.transcriptError) : null}
          </Alert>
        )}
        {status === "none" && <p className="text-sm text-muted">{t("none")}</p>}
        {status === "done" && !asset.transcript?.trim() && <p className="text-sm text-muted">{t("empty")}</p>}
        {asset.transcript?.trim() && <p className="text-sm whitespace-pre-wrap">{asset.transcript}</p>}
      </CardBody>
    </Card>
  );
}
