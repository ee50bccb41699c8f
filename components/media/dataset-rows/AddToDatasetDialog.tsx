"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { apiGet, apiSend, type ApiItem, type ApiList } from "@/components/datasets/api";
import { Alert, Button, Dialog, FormField, Input, Select, Table, TBody, Td, Textarea, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { mediaKeys } from "../queries";
import { useMediaErrorMessage } from "../error-text";
import type { MediaSummary } from "../types";
import { useRowDefaults } from "./useRowDefaults";

type DatasetOption = { id: string; name: string; type: string | null; archivedAt: string | null };
type RowText = { question: string; answer: string };
type Started = { dataset: { id: string; name: string }; importId: string; rows: number };

/**
 * Turns selected images into chat rows of a dataset: choose or name the dataset, edit each row's
 * question and answer, then send them to POST /media/dataset-rows.
 */
export function AddToDatasetDialog({ open, images, onClose }: { open: boolean; images: MediaSummary[]; onClose: () => void }) {
  const t = useTranslations("mediaAudio.datasetRows");
  const tCommon = useTranslations("common");
  const id = useId();
  const queryClient = useQueryClient();
  const { errorText } = useMediaErrorMessage();
  const defaults = useRowDefaults(images.map((image) => image.id));
  const [mode, setMode] = useState<"existing" | "new">("existing");
  const [datasetId, setDatasetId] = useState("");
  const [newName, setNewName] = useState("");
  const [template, setTemplate] = useState(() => t("templateDefault"));
  const [rows, setRows] = useState<Record<string, RowText> | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [started, setStarted] = useState<Started | null>(null);

  const datasets = useQuery({
    queryKey: ["datasets", "chat-targets"],
    queryFn: ({ signal }) => apiGet<ApiList<DatasetOption>>("/datasets", signal).then((body) => body.data.filter((dataset) => !dataset.archivedAt && (dataset.type === null || dataset.type === "chat"))),
    enabled: open,
  });

  // Rows are filled once, when every default answer is known; later edits are the user's.
  useEffect(() => {
    if (rows || defaults.loading) return;
    setRows(Object.fromEntries(images.map((image) => [image.id, { question: template, answer: defaults.answers[image.id] ?? "" }])));
  }, [rows, defaults, images, template]);

  const editRow = (assetId: string, change: Partial<RowText>) => setRows((current) => (current ? { ...current, [assetId]: { ...current[assetId]!, ...change } } : current));
  const applyTemplate = () => setRows((current) => (current ? Object.fromEntries(Object.entries(current).map(([assetId, row]) => [assetId, { ...row, question: template }])) : current));
  const complete = rows !== null && Object.values(rows).every((row) => row.question.trim() && row.answer.trim());
  const targetChosen = mode === "existing" ? Boolean(datasetId) : Boolean(newName.trim());

  async function submit() {
    if (!rows) return;
    setPending(true);
    setFailure(null);
    const body = {
      ...(mode === "existing" ? { datasetId } : { newDataset: { name: newName.trim(), description: "" } }),
      rows: images.map((image) => ({ assetId: image.id, ...rows[image.id]! })),
    };
    try {
      const result = await apiSend<ApiItem<Started>>("POST", "/media/dataset-rows", body);
      setStarted(result.data);
      await queryClient.invalidateQueries({ queryKey: mediaKeys.all });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const footer = started ? (
    <Button onClick={onClose}>{tCommon("close")}</Button>
  ) : (
    <>
      <Button variant="secondary" onClick={onClose}>
        {tCommon("cancel")}
      </Button>
      <Button onClick={() => void submit()} loading={pending} disabled={!complete || !targetChosen || images.length === 0}>
        {t("submit", { count: images.length })}
      </Button>
    </>
  );

  return (
    <Dialog open={open} onClose={onClose} title={t("title")} description={t("description")} closeLabel={tCommon("close")} footer={footer} size="lg">
      {started ? (
        <Alert tone="success">
          {t("started", { name: started.dataset.name })}{" "}
          <Link href={`/datasets/${started.dataset.id}`} className="font-medium underline">
            {t("openDataset")}
          </Link>
        </Alert>
      ) : (
        <div className="space-y-4" data-testid="dataset-rows-dialog">
          {images.length === 0 && <Alert tone="warning">{t("noImages")}</Alert>}

          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("target")}</legend>
            <div className="flex gap-4 text-sm">
              <label className="flex items-center gap-1.5">
                <input type="radio" name={`${id}-mode`} checked={mode === "existing"} onChange={() => setMode("existing")} />
                {t("existing")}
              </label>
              <label className="flex items-center gap-1.5">
                <input type="radio" name={`${id}-mode`} checked={mode === "new"} onChange={() => setMode("new")} />
                {t("create")}
              </label>
            </div>
            {mode === "existing" ? (
              <Select aria-label={t("chooseDataset")} value={datasetId} placeholder={t("chooseDataset")} onChange={(event) => setDatasetId(event.target.value)} options={(datasets.data ?? []).map((dataset) => ({ value: dataset.id, label: dataset.name }))} />
            ) : (
              <FormField id={`${id}-name`} label={t("newName")}>
                <Input value={newName} maxLength={120} onChange={(event) => setNewName(event.target.value)} />
              </FormField>
            )}
          </fieldset>

          <div className="flex items-end gap-2">
            <FormField id={`${id}-template`} label={t("template")} className="flex-1">
              <Input value={template} maxLength={4000} onChange={(event) => setTemplate(event.target.value)} />
            </FormField>
            <Button variant="secondary" size="sm" onClick={applyTemplate} disabled={!template.trim() || !rows}>
              {t("applyTemplate")}
            </Button>
          </div>

          {rows === null ? (
            <p className="text-sm text-muted">{t("loading")}</p>
          ) : (
            <div className="max-h-96 overflow-y-auto">
              <Table caption={t("title")} captionHidden>
                <THead>
                  <Tr>
                    <Th>{t("image")}</Th>
                    <Th>{t("question")}</Th>
                    <Th>{t("answer")}</Th>
                  </Tr>
                </THead>
                <TBody>
                  {images.map((image) => (
                    <Tr key={image.id}>
                      <Td className="w-20">{image.urls.thumbnail && <img src={image.urls.thumbnail} alt={image.originalName} className="size-16 rounded object-cover" />}</Td>
                      <Td>
                        <Textarea aria-label={`${t("question")}: ${image.originalName}`} rows={2} maxLength={4000} value={rows[image.id]?.question ?? ""} onChange={(event) => editRow(image.id, { question: event.target.value })} />
                      </Td>
                      <Td>
                        <Textarea aria-label={`${t("answer")}: ${image.originalName}`} rows={2} maxLength={8000} value={rows[image.id]?.answer ?? ""} onChange={(event) => editRow(image.id, { answer: event.target.value })} />
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
              <p className="mt-1 text-xs text-muted">{t("answerHint")}</p>
            </div>
          )}

          {!complete && rows !== null && <p className="text-xs text-muted">{t("missingText")}</p>}
          {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
        </div>
      )}
    </Dialog>
  );
}
