"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ScanText, Sparkles } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { apiGet, apiSend } from "@/components/datasets/api";
import { Alert, Button, Select } from "@/components/ui";
import { useRouter } from "@/i18n/navigation";
import { mediaKeys } from "../queries";
import type { MediaSummary } from "../types";
import { ProgressBar } from "./ProgressBar";
import { modelLabel, useMediaExtractErrorMessage, useVisionModels } from "./vision-models";

type CaptionProgress = { total: number; done: number; failed: number; pending: number };

/** Session storage key through which the gallery hands its selection to the extraction page. */
export const EXTRACT_SELECTION_KEY = "luodi.mediaExtract.selection";

/**
 * Renders the gallery's model actions for the selected images: caption them in batch with a vision model,
 * with a progress bar while the worker runs, or open the extraction page with the selection.
 */
export function CaptionAction({ selected }: { selected: MediaSummary[] }) {
  const t = useTranslations("mediaExtract.caption");
  const router = useRouter();
  const queryClient = useQueryClient();
  const errorText = useMediaExtractErrorMessage();
  const models = useVisionModels();
  const [modelId, setModelId] = useState("");
  const [captionIds, setCaptionIds] = useState<string[] | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    if (!modelId && models.data?.[0]) setModelId(models.data[0].id);
  }, [modelId, models.data]);

  const progress = useQuery({
    queryKey: ["media", "captions", captionIds],
    enabled: captionIds !== null,
    queryFn: ({ signal }) => apiGet<{ data: CaptionProgress }>(`/media/captions?ids=${(captionIds ?? []).join(",")}`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data && query.state.data.pending === 0 ? false : 1500),
  });

  // Refreshes the gallery once the batch finished, so the new captions show on the cards.
  const finished = progress.data !== undefined && progress.data.pending === 0;
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: mediaKeys.all });
  }, [finished, queryClient]);

  const images = selected.filter((asset) => asset.kind === "image" && asset.status === "ready");

  async function caption() {
    setPending(true);
    setFailure(null);
    try {
      const body = await apiSend<{ data: { captionIds: string[] } }>("POST", "/media/captions", { modelId, assetIds: images.map((asset) => asset.id) });
      setCaptionIds(body.data.captionIds);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  function extract() {
    sessionStorage.setItem(EXTRACT_SELECTION_KEY, JSON.stringify(images.map((asset) => asset.id)));
    router.push("/multimodal/extract");
  }

  const running = captionIds !== null && !finished;
  return (
    <div className="space-y-2 rounded-lg border border-border px-4 py-3" data-testid="caption-action">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-sm">{t("images", { count: images.length })}</span>
        <label className="flex items-center gap-2">
          <span className="sr-only">{t("model")}</span>
          <Select className="w-64" value={modelId} onChange={(event) => setModelId(event.target.value)} placeholder={models.data?.length === 0 ? t("noModels") : undefined} options={(models.data ?? []).map((model) => ({ value: model.id, label: modelLabel(model) }))} />
        </label>
        <Button size="sm" variant="secondary" icon={<Sparkles className="size-4" aria-hidden />} loading={pending} disabled={!modelId || images.length === 0 || running} onClick={() => void caption()}>
          {t("start")}
        </Button>
        <Button size="sm" variant="secondary" icon={<ScanText className="size-4" aria-hidden />} disabled={images.length === 0} onClick={extract}>
          {t("extract")}
        </Button>
      </div>
      {progress.data && (
        <ProgressBar
          label={t("progress", { done: progress.data.done + progress.data.failed, total: progress.data.total, failed: progress.data.failed })}
          value={progress.data.done + progress.data.failed}
          max={progress.data.total}
        />
      )}
      {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
    </div>
  );
}
