"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { apiGet, apiSend, type ApiList } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Select } from "@/components/ui";
import { mediaKeys } from "../queries";
import { useMediaErrorMessage } from "../error-text";

type AudioModel = { id: string; displayName: string; providerName: string };

/** Asks for a speech-to-text model and queues a transcription of each given audio file. */
export function TranscribeDialog({ open, assetIds, onClose }: { open: boolean; assetIds: string[]; onClose: () => void }) {
  const t = useTranslations("mediaAudio.transcribe");
  const tCommon = useTranslations("common");
  const id = useId();
  const queryClient = useQueryClient();
  const { errorText } = useMediaErrorMessage();
  const [modelId, setModelId] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const models = useQuery({
    queryKey: ["provider-models", "audio"],
    queryFn: ({ signal }) => apiGet<ApiList<AudioModel>>("/provider-models?capability=audio", signal).then((body) => body.data),
    enabled: open,
  });

  // The first model is preselected, because most workspaces have a single speech-to-text model.
  useEffect(() => {
    const first = models.data?.[0];
    if (!modelId && first) setModelId(first.id);
  }, [models.data, modelId]);

  async function submit() {
    setPending(true);
    setFailure(null);
    try {
      await apiSend("POST", "/media/transcriptions", { assetIds, modelId });
      await queryClient.invalidateQueries({ queryKey: mediaKeys.all });
      onClose();
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const footer = (
    <>
      <Button variant="secondary" onClick={onClose}>
        {tCommon("cancel")}
      </Button>
      <Button onClick={() => void submit()} loading={pending} disabled={!modelId || assetIds.length === 0}>
        {t("submit")}
      </Button>
    </>
  );

  return (
    <Dialog open={open} onClose={onClose} title={t("title")} description={t("description", { count: assetIds.length })} closeLabel={tCommon("close")} footer={footer}>
      <div className="space-y-3">
        {models.data && models.data.length === 0 && <Alert tone="warning">{t("noModels")}</Alert>}
        {models.error && <Alert tone="error">{errorText(models.error)}</Alert>}
        {models.data && models.data.length > 0 && (
          <FormField id={`${id}-model`} label={t("model")}>
            <Select
              value={modelId}
              onChange={(event) => setModelId(event.target.value)}
              options={models.data.map((model) => ({ value: model.id, label: `${model.displayName} · ${model.providerName}` }))}
            />
          </FormField>
        )}
        {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
      </div>
    </Dialog>
  );
}
