"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Play } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { apiGet, apiSend } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FormField, PageHeader, Select } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { EXTRACT_SELECTION_KEY } from "../ask/CaptionAction";
import { modelLabel, useVisionModels } from "../ask/vision-models";
import { useExtractErrorText } from "./problem-text";
import { ResultsTable } from "./ResultsTable";
import { SchemaForm } from "./SchemaForm";
import { extractKeys, type ExtractionRunView, type ExtractionSchemaView } from "./types";

/** Reads the image ids the gallery handed over; an unreadable value counts as no selection. */
function readSelection(): string[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(EXTRACT_SELECTION_KEY) ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Renders the extraction page: schemas (create, pick), a run over the images selected in the gallery with a
 * vision model, recent runs, and the results table of the chosen run.
 */
export function ExtractWorkspace({ canWrite, canRun }: { canWrite: boolean; canRun: boolean }) {
  const t = useTranslations("mediaExtract");
  const format = useFormatter();
  const queryClient = useQueryClient();
  const errorText = useExtractErrorText();
  const models = useVisionModels();
  const schemas = useQuery({
    queryKey: extractKeys.schemas,
    queryFn: ({ signal }) => apiGet<{ data: ExtractionSchemaView[] }>("/extraction-schemas", signal).then((body) => body.data),
  });
  const runs = useQuery({
    queryKey: extractKeys.runs,
    queryFn: ({ signal }) => apiGet<{ data: ExtractionRunView[] }>("/extraction-runs?limit=20", signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((run) => ["queued", "running"].includes(run.status)) ? 2000 : false),
  });
  const [selection, setSelection] = useState<string[]>([]);
  const [schemaId, setSchemaId] = useState("");
  const [modelId, setModelId] = useState("");
  const [runId, setRunId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // sessionStorage exists only in the browser, so the selection is read after the first render.
  useEffect(() => setSelection(readSelection()), []);
  useEffect(() => {
    if (!schemaId && schemas.data?.[0]) setSchemaId(schemas.data[0].id);
  }, [schemaId, schemas.data]);
  useEffect(() => {
    if (!modelId && models.data?.[0]) setModelId(models.data[0].id);
  }, [modelId, models.data]);
  useEffect(() => {
    if (!runId && runs.data?.[0]) setRunId(runs.data[0].id);
  }, [runId, runs.data]);

  async function start() {
    setPending(true);
    setFailure(null);
    try {
      const body = await apiSend<{ data: ExtractionRunView }>("POST", "/extraction-runs", { schemaId, modelId, assetIds: selection });
      setRunId(body.data.id);
      await queryClient.invalidateQueries({ queryKey: extractKeys.runs });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const activeRun = runs.data?.find((run) => run.id === runId);
  const runSchema = schemas.data?.find((schema) => schema.id === activeRun?.schemaId);
  const properties = ((runSchema?.schema.properties ?? {}) as Record<string, unknown>) ?? {};

  return (
    <div className="space-y-5">
      <Link href="/multimodal" className="inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="size-4" aria-hidden />
        {t("back")}
      </Link>
      <PageHeader title={t("title")} description={t("description")} />
      {schemas.error && <Alert tone="error">{errorText(schemas.error)}</Alert>}

      <div className="grid gap-5 lg:grid-cols-2">
        {canRun && (
          <Card>
            <CardHeader title={t("run.title")} description={t("run.selection", { count: selection.length })} />
            <CardBody className="space-y-3">
              {selection.length === 0 && <Alert tone="info">{t("run.noSelection")}</Alert>}
              <FormField id="run-schema" label={t("run.schema")}>
                <Select id="run-schema" value={schemaId} onChange={(event) => setSchemaId(event.target.value)} placeholder={schemas.data?.length === 0 ? t("run.noSchemas") : undefined} options={(schemas.data ?? []).map((schema) => ({ value: schema.id, label: schema.name }))} />
              </FormField>
              <FormField id="run-model" label={t("run.model")}>
                <Select id="run-model" value={modelId} onChange={(event) => setModelId(event.target.value)} placeholder={models.data?.length === 0 ? t("run.noModels") : undefined} options={(models.data ?? []).map((model) => ({ value: model.id, label: modelLabel(model) }))} />
              </FormField>
              <Button icon={<Play className="size-4" aria-hidden />} loading={pending} disabled={!schemaId || !modelId || selection.length === 0} onClick={() => void start()}>
                {t("run.start")}
              </Button>
              {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
            </CardBody>
          </Card>
        )}
        {canWrite && <SchemaForm onCreated={(schema) => setSchemaId(schema.id)} />}
      </div>

      {runs.data && runs.data.length > 0 && (
        <FormField id="run-pick" label={t("runs.pick")}>
          <Select
            id="run-pick"
            value={runId ?? ""}
            onChange={(event) => setRunId(event.target.value)}
            options={runs.data.map((run) => ({
              value: run.id,
              label: t("runs.option", { when: format.dateTime(new Date(run.createdAt), { dateStyle: "short", timeStyle: "short" }), model: run.model, done: run.completed, total: run.total }),
            }))}
          />
        </FormField>
      )}
      {runId && <ResultsTable key={runId} runId={runId} properties={properties} canEdit={canWrite} />}
    </div>
  );
}
