"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiGet, apiSend, useApiErrorMessage, type ApiItem, type ApiList } from "@/components/datasets/api";
import { ProgressBar } from "@/components/datasets/ProgressBar";
import { useImport } from "@/components/datasets/import/use-import";
import type { DatasetView } from "@/components/datasets/types";
import { Alert, Button, Dialog, FormField, Input, Select } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { OutgoingMessage } from "./build-request";

export type SavableAnswer = { paneIndex: number; model: string; text: string };

type SavedRows = { datasetId: string; importId: string; rows: number; status: "importing" | "review" | "failed"; rowsInvalid: number; error: string | null };

type Props = { messages: OutgoingMessage[]; answers: SavableAnswer[]; onClose: () => void };

/**
 * Saves the last sent conversation as chat rows, one row per chosen answer, into an existing chat dataset
 * or a new one, then follows the import until the new version is written.
 */
export function SaveRowsDialog({ messages, answers, onClose }: Props) {
  const t = useTranslations("playground.save");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const ids = { dataset: useId(), name: useId() };
  const datasets = useQuery({
    queryKey: ["datasets", "list", "chat-targets"],
    queryFn: ({ signal }) => apiGet<ApiList<DatasetView>>("/datasets", signal).then((body) => body.data.filter((dataset) => dataset.type === null || dataset.type === "chat")),
  });

  const [target, setTarget] = useState<"existing" | "new">("existing");
  const [datasetId, setDatasetId] = useState("");
  const [name, setName] = useState("");
  const [chosen, setChosen] = useState<number[]>(() => answers.map((answer) => answer.paneIndex));
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState<SavedRows | null>(null);

  const useExisting = target === "existing" && (datasets.data?.length ?? 0) > 0;
  const ready = chosen.length > 0 && (useExisting ? datasetId !== "" : name.trim() !== "");

  async function submit() {
    setSubmitting(true);
    setFailure(null);
    try {
      const body = {
        ...(useExisting ? { datasetId } : { newDatasetName: name.trim() }),
        messages,
        answers: answers.filter((answer) => chosen.includes(answer.paneIndex)).map((answer) => answer.text),
      };
      setSaved((await apiSend<ApiItem<SavedRows>>("POST", "/playground/dataset-rows", body)).data);
    } catch (error) {
      setFailure(error);
    } finally {
      setSubmitting(false);
    }
  }

  const footer = saved ? (
    <Button variant="secondary" onClick={onClose}>
      {tCommon("close")}
    </Button>
  ) : (
    <>
      <Button variant="secondary" onClick={onClose} disabled={submitting}>
        {tCommon("cancel")}
      </Button>
      <Button onClick={() => void submit()} loading={submitting} disabled={!ready}>
        {t("submit", { count: chosen.length })}
      </Button>
    </>
  );

  return (
    <Dialog open onClose={onClose} title={t("title")} description={t("description")} closeLabel={tCommon("close")} footer={footer} size="lg">
      {saved ? (
        <SaveProgress saved={saved} />
      ) : (
        <div className="space-y-4">
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("answers")}</legend>
            {answers.map((answer) => (
              <label key={answer.paneIndex} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1 size-4 accent-brand-600"
                  checked={chosen.includes(answer.paneIndex)}
                  onChange={(event) => setChosen((current) => (event.target.checked ? [...current, answer.paneIndex] : current.filter((index) => index !== answer.paneIndex)))}
                />
                <span>
                  <span className="font-medium">{t("answerLabel", { number: answer.paneIndex + 1, model: answer.model })}</span>
                  <span className="block truncate text-muted">{answer.text.slice(0, 120)}</span>
                </span>
              </label>
            ))}
          </fieldset>

          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("target")}</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="save-target" className="accent-brand-600" checked={target === "existing"} disabled={datasets.data?.length === 0} onChange={() => setTarget("existing")} />
              {t("existing")}
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="radio" name="save-target" className="accent-brand-600" checked={!useExisting} onChange={() => setTarget("new")} />
              {t("new")}
            </label>
          </fieldset>

          {useExisting ? (
            <FormField id={ids.dataset} label={t("dataset")} hint={t("datasetHint")}>
              <Select value={datasetId} onChange={(event) => setDatasetId(event.target.value)}>
                <option value="">{t("chooseDataset")}</option>
                {(datasets.data ?? []).map((dataset) => (
                  <option key={dataset.id} value={dataset.id}>
                    {dataset.name}
                  </option>
                ))}
              </Select>
            </FormField>
          ) : (
            <FormField id={ids.name} label={t("name")}>
              <Input value={name} maxLength={120} onChange={(event) => setName(event.target.value)} />
            </FormField>
          )}

          {datasets.error && <Alert tone="error">{errorMessage(datasets.error)}</Alert>}
          {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        </div>
      )}
    </Dialog>
  );
}

function SaveProgress({ saved }: { saved: SavedRows }) {
  const t = useTranslations("playground.save");
  const errorMessage = useApiErrorMessage();
  const { data: datasetImport, error } = useImport(saved.importId);
  const status = datasetImport?.status ?? saved.status;
  const reviewLink = `/datasets/${saved.datasetId}/import?import=${saved.importId}`;

  if (error) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (status === "completed") {
    return (
      <Alert tone="success" title={t("doneTitle")}>
        {t("doneBody", { count: saved.rows })}{" "}
        <Link href={`/datasets/${saved.datasetId}/rows`} className="font-medium underline">
          {t("openDataset")}
        </Link>
      </Alert>
    );
  }
  if (status === "review") {
    return (
      <Alert tone="warning" title={t("reviewTitle")}>
        {t("reviewBody", { invalid: saved.rowsInvalid })}{" "}
        <Link href={reviewLink} className="font-medium underline">
          {t("openImport")}
        </Link>
      </Alert>
    );
  }
  if (status === "failed" || status === "cancelled") {
    return (
      <Alert tone="error" title={t("failedTitle")}>
        {t("failedBody")}{" "}
        <Link href={reviewLink} className="font-medium underline">
          {t("openImport")}
        </Link>
      </Alert>
    );
  }

  const total = datasetImport?.rowsValid ?? 0;
  const done = datasetImport?.rowsDone ?? 0;
  return <ProgressBar value={total > 0 ? done / total : null} label={t("progressLabel")} detail={t("progressDetail")} />;
}
