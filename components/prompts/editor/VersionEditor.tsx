"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useMemo, useState } from "react";
import { apiSend, isApiRequestError, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, FormField, Input } from "@/components/ui";
import { Link, useRouter } from "@/i18n/navigation";
import { findTemplateIssues } from "@/lib/prompts/template-issues";
import { scanMessages } from "@/lib/prompts/template";
import { useIssueMessage } from "../issues";
import { promptKeys, templatePath, useVersion, useVersions } from "../queries";
import type { VersionView } from "../types";
import { draftFromVersion, emptyDraft, parseSchemaText, syncDeclaredNames, toSpecBody, type Draft, type DraftMessage } from "./draft";
import { MessagesEditor } from "./MessagesEditor";
import { OutputSchemaEditor } from "./OutputSchemaEditor";
import { ParamsEditor } from "./ParamsEditor";
import { PreviewPane } from "./PreviewPane";
import { StrategySettings } from "./StrategySettings";
import { usePreview } from "./use-preview";
import { VariablesTable } from "./VariablesTable";

/**
 * Edits a template's next version, starting from version `from`, else the newest version, else an empty
 * prompt. Versions are immutable, so saving always creates a new one.
 */
export function VersionEditor({ name, from, maxSamples }: { name: string; from: number | null; maxSamples: number }) {
  const t = useTranslations("prompts.editor");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const versions = useVersions(name);
  const sourceNumber = from ?? versions.data?.[0]?.number ?? null;
  const source = useVersion(name, sourceNumber);

  if (versions.error || source.error) return <Alert tone="error">{errorMessage(versions.error ?? source.error)}</Alert>;
  const ready = versions.data && (sourceNumber === null || source.data);
  if (!ready) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  return <EditorForm key={source.data?.id ?? "empty"} name={name} source={source.data ?? null} nextNumber={(versions.data?.[0]?.number ?? 0) + 1} maxSamples={maxSamples} defaultSystem={t("defaultSystem")} />;
}

type FormProps = { name: string; source: VersionView | null; nextNumber: number; maxSamples: number; defaultSystem: string };

function EditorForm({ name, source, nextNumber, maxSamples, defaultSystem }: FormProps) {
  const t = useTranslations("prompts.editor");
  const tSchema = useTranslations("prompts.editor.schema");
  const errorMessage = useApiErrorMessage();
  const issueMessage = useIssueMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const messageId = useId();
  const [draft, setDraft] = useState<Draft>(() => (source ? draftFromVersion(source) : emptyDraft(defaultSystem)));
  const [values, setValues] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const usedNames = useMemo(() => scanMessages(draft.messages).names, [draft.messages]);
  const templateIssues = useMemo(
    () =>
      findTemplateIssues(
        draft.messages,
        draft.variables.map((variable) => ({ name: variable.name })),
      ),
    [draft.messages, draft.variables],
  );
  const body = useMemo(() => toSpecBody(draft), [draft]);
  const preview = usePreview(name, body, values);

  const schemaIssue = preview.data?.issues.find((issue) => issue.reason === "prompts.invalid_schema");
  const localSchemaError = draft.schemaEnabled ? parseSchemaText(draft.schemaText).error : null;

  // A rejected save describes the draft as it was, so any edit clears its message (for example a fixed `{{`).
  const update = (patch: Partial<Draft>) => {
    setFailure(null);
    setDraft((current) => ({ ...current, ...patch }));
  };

  function changeMessages(messages: DraftMessage[]) {
    setFailure(null);
    setDraft((current) => ({
      ...current,
      messages,
      variables: syncDeclaredNames(current.variables, scanMessages(current.messages).names, scanMessages(messages).names),
    }));
  }

  function declare(variableName: string) {
    setFailure(null);
    setDraft((current) =>
      current.variables.some((variable) => variable.name === variableName)
        ? current
        : { ...current, variables: [...current.variables, { name: variableName, description: "", defaultValue: "", hasDefault: false, autoDeclared: false }] },
    );
  }

  async function save() {
    if (!body) return;
    setSaving(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<VersionView>>("POST", `${templatePath(name)}/versions`, body);
      await queryClient.invalidateQueries({ queryKey: promptKeys.template(name) });
      await queryClient.invalidateQueries({ queryKey: promptKeys.list() });
      router.push(`/prompts/${name}/versions/${data.number}`);
    } catch (error) {
      setFailure(error);
      setSaving(false);
    }
  }

  const saveError =
    failure === null
      ? null
      : isApiRequestError(failure) && failure.reason?.startsWith("prompts.") && failure.params
        ? issueMessage({ reason: failure.reason, message: failure.message, params: failure.params })
        : errorMessage(failure);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <p className="text-sm text-muted">
          <Link href="/prompts" className="hover:underline">
            {t("breadcrumbList")}
          </Link>
          {" / "}
          <Link href={`/prompts/${name}`} className="font-mono hover:underline">
            {name}
          </Link>
        </p>
        <h1 className="text-xl font-semibold">{t("title", { number: nextNumber })}</h1>
        <p className="text-sm text-muted">{source ? t("startedFrom", { number: source.number }) : t("startedEmpty")}</p>
      </div>

      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <MessagesEditor messages={draft.messages} onChange={changeMessages} issues={templateIssues} onDeclare={declare} />
          <VariablesTable variables={draft.variables} usedNames={usedNames} onChange={(variables) => update({ variables })} />
          <StrategySettings
            strategy={draft.strategy}
            onStrategyChange={(strategy) => update({ strategy })}
            exampleSource={draft.exampleSource}
            onExampleSourceChange={(exampleSource) => update({ exampleSource })}
            maxSamples={maxSamples}
          />
          <OutputSchemaEditor
            enabled={draft.schemaEnabled}
            text={draft.schemaText}
            onChange={({ enabled, text }) => update({ schemaEnabled: enabled, schemaText: text })}
            serverProblem={schemaIssue ? issueMessage(schemaIssue) : null}
            checking={preview.pending}
          />
          <ParamsEditor params={draft.params} onParamsChange={(params) => update({ params })} modelId={draft.modelId} onModelChange={(modelId) => update({ modelId })} />

          <Card>
            <CardBody className="space-y-4">
              <FormField id={messageId} label={t("message")} hint={t("messageHint")}>
                <Input value={draft.message} maxLength={500} onChange={(event) => update({ message: event.target.value })} />
              </FormField>
              {saveError && <Alert tone="error">{saveError}</Alert>}
              <div className="flex flex-wrap items-center gap-2">
                <Button onClick={() => void save()} loading={saving} disabled={!body}>
                  {t("save", { number: nextNumber })}
                </Button>
                <Link href={`/prompts/${name}`} className="text-sm text-muted hover:underline">
                  {t("cancel")}
                </Link>
                {!body && <span className="text-xs text-red-600">{tSchema("fixBeforeSave")}</span>}
              </div>
            </CardBody>
          </Card>
        </div>

        <div className="xl:sticky xl:top-4 xl:self-start">
          <PreviewPane
            usedNames={usedNames}
            variables={draft.variables}
            values={values}
            onValuesChange={setValues}
            preview={preview}
            localProblem={localSchemaError ? tSchema("fixBeforePreview") : null}
          />
        </div>
      </div>
    </div>
  );
}
