"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageCircleQuestion } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState, type FormEvent } from "react";
import { apiGet, apiSend } from "@/components/datasets/api";
import { Alert, Badge, Button, Card, CardBody, CardHeader, FormField, Select, Textarea } from "@/components/ui";
import { modelLabel, useMediaExtractErrorMessage, useVisionModels } from "./vision-models";

/** A question or generated caption as GET /media/{assetId}/questions returns it. */
type QuestionView = {
  id: string;
  kind: "question" | "caption";
  model: string;
  question: string;
  answer: string | null;
  status: "pending" | "ok" | "error";
  error: string | null;
  latencyMs: number | null;
  createdAt: string;
};

const questionsKey = (assetId: string) => ["media", "questions", assetId] as const;

/**
 * Renders the "Ask about this image" card of the detail view: a vision model, a question, and the
 * history of questions and captions with their answers. Hidden behind `canAsk` (models.use) for viewers.
 */
export function AskPanel({ assetId, canAsk }: { assetId: string; canAsk: boolean }) {
  const t = useTranslations("mediaExtract.ask");
  const format = useFormatter();
  const queryClient = useQueryClient();
  const errorText = useMediaExtractErrorMessage();
  const models = useVisionModels();
  const history = useQuery({
    queryKey: questionsKey(assetId),
    queryFn: ({ signal }) => apiGet<{ data: QuestionView[] }>(`/media/${encodeURIComponent(assetId)}/questions`, signal).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((entry) => entry.status === "pending") ? 2000 : false),
  });
  const [modelId, setModelId] = useState("");
  const [question, setQuestion] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  // Picks the first vision model once the list arrives.
  useEffect(() => {
    if (!modelId && models.data?.[0]) setModelId(models.data[0].id);
  }, [modelId, models.data]);

  async function ask(event: FormEvent) {
    event.preventDefault();
    if (!modelId || !question.trim()) return;
    setPending(true);
    setFailure(null);
    try {
      await apiSend("POST", `/media/${encodeURIComponent(assetId)}/questions`, { modelId, question: question.trim() });
      setQuestion("");
      await queryClient.invalidateQueries({ queryKey: questionsKey(assetId) });
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const noModels = models.data !== undefined && models.data.length === 0;
  return (
    <Card data-testid="ask-panel">
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        {canAsk && (
          <form className="space-y-3" onSubmit={(event) => void ask(event)}>
            {noModels && <Alert tone="warning">{t("noModels")}</Alert>}
            <FormField id="ask-model" label={t("model")}>
              <Select id="ask-model" value={modelId} onChange={(event) => setModelId(event.target.value)} disabled={noModels} options={(models.data ?? []).map((model) => ({ value: model.id, label: modelLabel(model) }))} />
            </FormField>
            <FormField id="ask-question" label={t("question")}>
              <Textarea id="ask-question" rows={3} maxLength={2000} value={question} placeholder={t("placeholder")} onChange={(event) => setQuestion(event.target.value)} />
            </FormField>
            <Button type="submit" loading={pending} disabled={!modelId || !question.trim()} icon={<MessageCircleQuestion className="size-4" aria-hidden />}>
              {t("submit")}
            </Button>
            {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
          </form>
        )}

        {history.error && <Alert tone="error">{errorText(history.error)}</Alert>}
        {history.data?.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}
        <ol className="space-y-3" data-testid="ask-history">
          {history.data?.map((entry) => (
            <li key={entry.id} className="space-y-1 rounded-md border border-border p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                <Badge tone={entry.kind === "caption" ? "brand" : "neutral"}>{t(`kind.${entry.kind}`)}</Badge>
                <span>{entry.model}</span>
                <span>{format.dateTime(new Date(entry.createdAt), { dateStyle: "short", timeStyle: "short" })}</span>
              </div>
              {entry.kind === "question" && <p className="font-medium">{entry.question}</p>}
              {entry.status === "ok" && <p className="whitespace-pre-wrap">{entry.answer}</p>}
              {entry.status === "pending" && <p className="text-muted">{t("pending")}</p>}
              {entry.status === "error" && <Alert tone="error">{t("failed", { message: entry.error ?? "" })}</Alert>}
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}
