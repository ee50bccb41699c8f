"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Download, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { apiSend } from "@/components/datasets/api";
import { Alert, Button, buttonClasses, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { AskPanel } from "./ask/AskPanel";
import { ExtractedFieldsPanel } from "./extract/ExtractedFieldsPanel";
import { CaptionEditor } from "./CaptionEditor";
import { MediaFacts } from "./MediaFacts";
import { MediaViewer } from "./MediaViewer";
import { OcrTextPanel } from "./OcrTextPanel";
import { useMediaErrorMessage } from "./error-text";
import { mediaKeys, useMediaDetail } from "./queries";
import { StatusBadges } from "./StatusBadges";
import { TagEditor } from "./TagEditor";
import { TranscriptPanel } from "./transcribe/TranscriptPanel";

/** Renders one media file: the image with its OCR boxes or the audio player, and its facts, tags, caption and text. */
export function MediaDetailView({ assetId, canWrite, canAsk = false }: { assetId: string; canWrite: boolean; canAsk?: boolean }) {
  const t = useTranslations("media.detail");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const queryClient = useQueryClient();
  const { errorText } = useMediaErrorMessage();
  const { data: asset, error, isPending, refetch } = useMediaDetail(assetId);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const [saving, setSaving] = useState<"tags" | "caption" | "delete" | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  async function save(field: "tags" | "caption", body: Record<string, unknown>) {
    setSaving(field);
    setSaveError(null);
    try {
      await apiSend("PATCH", `/media/${encodeURIComponent(assetId)}`, body);
      await queryClient.invalidateQueries({ queryKey: mediaKeys.all });
    } catch (failure) {
      setSaveError(failure);
    } finally {
      setSaving(null);
    }
  }

  async function remove() {
    setSaving("delete");
    try {
      await apiSend("DELETE", `/media/${encodeURIComponent(assetId)}`);
      // The detail query is dropped, not refetched: the file is gone, so a refetch would return 404.
      queryClient.removeQueries({ queryKey: mediaKeys.detail(assetId) });
      await queryClient.invalidateQueries({ queryKey: mediaKeys.all });
      router.push("/multimodal");
    } catch (failure) {
      setSaveError(failure);
      setConfirmingDelete(false);
    } finally {
      setSaving(null);
    }
  }

  const back = (
    <Link href="/multimodal" className="inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
      <ArrowLeft className="size-4" aria-hidden />
      {t("back")}
    </Link>
  );

  if (isPending) return <p className="text-sm text-muted">{tCommon("loading")}</p>;
  if (error || !asset) {
    return (
      <div className="space-y-4">
        {back}
        <Alert tone="error">
          {errorText(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      </div>
    );
  }

  const actions = (
    <div className="flex gap-2">
      <a href={`${asset.urls.original}?download=true`} className={buttonClasses("secondary", "md")}>
        <Download className="size-4" aria-hidden />
        {t("download")}
      </a>
      {canWrite && (
        <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => setConfirmingDelete(true)}>
          {t("delete")}
        </Button>
      )}
    </div>
  );

  return (
    <div className="space-y-4">
      {back}
      <PageHeader title={<span className="break-all">{asset.originalName}</span>} description={<StatusBadges asset={asset} />} actions={actions} />
      {asset.status === "failed" && asset.error && <Alert tone="error" title={t("processingFailed")}>{asset.error}</Alert>}
      {saveError !== null && <Alert tone="error">{errorText(saveError)}</Alert>}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="self-start">
          <MediaViewer asset={asset} highlighted={highlighted} onHighlight={setHighlighted} />
        </div>

        <div className="space-y-5">
          {asset.kind === "audio" ? (
            <TranscriptPanel asset={asset} canWrite={canWrite} />
          ) : (
            <OcrTextPanel asset={asset} highlighted={highlighted} onHighlight={setHighlighted} />
          )}
          <Card>
            <CardHeader title={t("tags")} />
            <CardBody>
              <TagEditor tags={asset.tags} disabled={!canWrite} pending={saving === "tags"} onSave={(tags) => void save("tags", { tags })} />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title={t("caption")} />
            <CardBody>
              <CaptionEditor caption={asset.caption} disabled={!canWrite} pending={saving === "caption"} onSave={(caption) => void save("caption", { caption })} />
            </CardBody>
          </Card>
          {asset.kind === "image" && <AskPanel assetId={asset.id} canAsk={canAsk && asset.status === "ready"} />}
          {asset.kind === "image" && <ExtractedFieldsPanel assetId={asset.id} />}
          <MediaFacts asset={asset} />
        </div>
      </div>

      <ConfirmDialog
        open={confirmingDelete}
        title={t("deleteTitle")}
        description={t("deleteBody", { name: asset.originalName })}
        confirmLabel={t("deleteConfirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={saving === "delete"}
        onConfirm={() => void remove()}
        onClose={() => setConfirmingDelete(false)}
      />
    </div>
  );
}
