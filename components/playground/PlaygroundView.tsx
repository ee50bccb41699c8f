"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Send, Square } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { apiGet, isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { buildRequest, type OutgoingMessage, type ProblemKey } from "./build-request";
import { ConversationEditor, newTurn } from "./ConversationEditor";
import { DEFAULT_SCHEMA, ParamsPanel, type SettingsProblems } from "./ParamsPanel";
import { ResponsePane } from "./ResponsePane";
import { SaveRowsDialog, type SavableAnswer } from "./SaveRowsDialog";
import { streamPlaygroundChat } from "./stream-chat";
import type { Pane, PaneRun, SamplingSettings, Turn, UsableModel } from "./types";

const MAX_PANES = 4;

let nextPaneNumber = 0;
function newPane(modelId = ""): Pane {
  nextPaneNumber += 1;
  return { id: `pane-${nextPaneNumber}`, modelId, run: { status: "idle" } };
}

/** Renders the playground, which streams one conversation to up to four models side by side, with metrics. */
export function PlaygroundView({ canSaveRows }: { canSaveRows: boolean }) {
  const t = useTranslations("playground");
  const tCommon = useTranslations("common");
  const apiErrorMessage = useApiErrorMessage();
  const models = useQuery({
    queryKey: ["provider-models", "chat"],
    queryFn: ({ signal }) => apiGet<{ data: UsableModel[] }>("/provider-models?capability=chat", signal).then((body) => body.data),
  });

  const [system, setSystem] = useState("");
  const [turns, setTurns] = useState<Turn[]>(() => [newTurn("user")]);
  const [settings, setSettings] = useState<SamplingSettings>({ temperature: "", topP: "", maxTokens: "", stop: "", jsonMode: false, schemaText: DEFAULT_SCHEMA });
  const [panes, setPanes] = useState<Pane[]>(() => [newPane()]);
  const [problems, setProblems] = useState<{ fields: SettingsProblems; conversation?: string; panes?: string } | null>(null);
  const [sentMessages, setSentMessages] = useState<OutgoingMessage[] | null>(null);
  const [saving, setSaving] = useState(false);
  const controllers = useRef(new Map<string, AbortController>());

  // Picks the first model for the first pane once the list arrives.
  const firstModelId = models.data?.[0]?.id;
  useEffect(() => {
    if (firstModelId) setPanes((current) => current.map((pane, index) => (index === 0 && !pane.modelId ? { ...pane, modelId: firstModelId } : pane)));
  }, [firstModelId]);

  // Leaving the page stops every call, so no upstream request keeps running unseen.
  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const modelById = new Map((models.data ?? []).map((model) => [model.id, model]));
  const busy = panes.some((pane) => pane.run.status === "streaming");
  const imagesAllowed = panes.every((pane) => !pane.modelId || modelById.get(pane.modelId)?.capabilities.includes("vision"));
  const hasImages = turns.some((turn) => turn.images.length > 0);

  const setRun = (paneId: string, update: (run: PaneRun) => PaneRun) => setPanes((current) => current.map((pane) => (pane.id === paneId ? { ...pane, run: update(pane.run) } : pane)));
  const textOf = (run: PaneRun) => (run.status === "idle" ? "" : run.text);

  async function runPane(pane: Pane, body: object) {
    const controller = new AbortController();
    controllers.current.set(pane.id, controller);
    setRun(pane.id, () => ({ status: "streaming", text: "" }));
    const append = (delta: string) => setRun(pane.id, (run) => (run.status === "streaming" ? { ...run, text: run.text + delta } : run));

    try {
      const outcome = await streamPlaygroundChat({ ...body, modelId: pane.modelId }, controller.signal, append);
      if (outcome.type === "done") setRun(pane.id, () => ({ status: "done", text: outcome.event.text, done: outcome.event }));
      else if (outcome.type === "error") setRun(pane.id, (run) => ({ status: "failed", text: outcome.event.partialText || textOf(run), failure: { source: "call", event: outcome.event } }));
      else setRun(pane.id, (run) => ({ status: "failed", text: textOf(run), failure: { source: "connection" } }));
    } catch (error) {
      const failure = isApiRequestError(error) ? { source: "request" as const, error } : controller.signal.aborted ? { source: "stopped" as const } : { source: "connection" as const };
      setRun(pane.id, (run) => ({ status: "failed", text: textOf(run), failure }));
    } finally {
      controllers.current.delete(pane.id);
    }
  }

  function send() {
    const built = buildRequest(system, turns, settings);
    const withoutModel = panes.some((pane) => !pane.modelId);
    const describe = (key: ProblemKey) => t(`problems.${key}`);
    if (!built.body || withoutModel || (hasImages && !imagesAllowed)) {
      const fields: SettingsProblems = {};
      for (const [field, key] of Object.entries(built.problems?.fields ?? {})) fields[field as keyof SettingsProblems] = describe(key);

      let conversation: string | undefined;
      if (built.problems?.conversation) conversation = describe(built.problems.conversation);
      else if (hasImages && !imagesAllowed) conversation = t("problems.imagesNeedVision");

      setProblems({ fields, conversation, panes: withoutModel ? t("problems.chooseModel") : undefined });
      return;
    }

    setProblems(null);
    setSentMessages(built.body.messages);
    for (const pane of panes) void runPane(pane, built.body);
  }

  function stop() {
    controllers.current.forEach((controller) => controller.abort());
  }

  function continueWith(text: string) {
    setTurns((current) => [...current, newTurn("assistant", text), newTurn("user")]);
    setPanes((current) => current.map((pane) => ({ ...pane, run: { status: "idle" } })));
  }

  const answers: SavableAnswer[] = panes.flatMap((pane, index) =>
    pane.run.status === "done" && pane.run.text ? [{ paneIndex: index, model: modelById.get(pane.modelId)?.displayName ?? pane.modelId, text: pane.run.text }] : [],
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canSaveRows && (
            <Button variant="secondary" disabled={busy || answers.length === 0 || !sentMessages} onClick={() => setSaving(true)}>
              {t("save.open")}
            </Button>
          )
        }
      />

      {models.error && (
        <Alert tone="error" className="mb-4">
          {apiErrorMessage(models.error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void models.refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}
      {models.data && models.data.length === 0 && (
        <Alert tone="info" className="mb-4" title={t("noModels.title")}>
          {t("noModels.body")} <Link href="/settings" className="font-medium underline">{t("noModels.link")}</Link>
        </Alert>
      )}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardHeader title={t("conversation.title")} as="h2" />
          <CardBody>
            <ConversationEditor system={system} onSystemChange={setSystem} turns={turns} onTurnsChange={setTurns} imagesAllowed={imagesAllowed} disabled={busy} />
            {problems?.conversation && <p role="alert" className="mt-3 text-sm font-medium text-red-600">{problems.conversation}</p>}
          </CardBody>
        </Card>
        <Card>
          <CardHeader title={t("params.title")} as="h2" />
          <CardBody>
            <ParamsPanel settings={settings} problems={problems?.fields ?? {}} disabled={busy} onChange={setSettings} />
          </CardBody>
        </Card>
      </div>

      <div className="my-4 flex flex-wrap items-center gap-2">
        {busy ? (
          <Button variant="danger" icon={<Square className="size-4" aria-hidden />} onClick={stop}>
            {t("stop")}
          </Button>
        ) : (
          <Button icon={<Send className="size-4" aria-hidden />} disabled={!models.data || models.data.length === 0} onClick={send}>
            {t("send")}
          </Button>
        )}
        <Button variant="secondary" icon={<Plus className="size-4" aria-hidden />} disabled={busy || panes.length >= MAX_PANES} onClick={() => setPanes((current) => [...current, newPane(current.at(-1)?.modelId ?? "")])}>
          {t("addPane")}
        </Button>
        <span className="text-xs text-muted">{t("paneCount", { count: panes.length, max: MAX_PANES })}</span>
        {problems?.panes && <p role="alert" className="text-sm font-medium text-red-600">{problems.panes}</p>}
      </div>

      <div className={`grid gap-4 ${panes.length === 1 ? "" : panes.length === 2 ? "md:grid-cols-2" : panes.length === 3 ? "md:grid-cols-3" : "md:grid-cols-2 xl:grid-cols-4"}`}>
        {panes.map((pane, index) => (
          <ResponsePane
            key={pane.id}
            pane={pane}
            index={index}
            models={models.data ?? []}
            jsonMode={settings.jsonMode}
            canRemove={panes.length > 1}
            busy={busy}
            onModelChange={(modelId) => setPanes((current) => current.map((other) => (other.id === pane.id ? { ...other, modelId } : other)))}
            onRemove={() => setPanes((current) => current.filter((other) => other.id !== pane.id))}
            onContinue={continueWith}
          />
        ))}
      </div>

      {saving && sentMessages && <SaveRowsDialog messages={sentMessages} answers={answers} onClose={() => setSaving(false)} />}
    </>
  );
}
