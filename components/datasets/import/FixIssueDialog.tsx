"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, Dialog, FormField, Textarea } from "@/components/ui";
import { useApiErrorMessage } from "../api";
import type { ImportIssueView, ImportView } from "../types";
import { initialFixText, parseFixText } from "./fix-text";
import { useIssueMessages } from "./issue-messages";
import { useImportMutation } from "./use-import";

/**
 * Edits one source record as a JSON object and saves it as a fix for its line. Saving sends the import's
 * fixes with this line replaced, which starts a new analysis.
 */
export function FixIssueDialog({ issue, datasetImport, onClose }: { issue: ImportIssueView; datasetImport: ImportView; onClose: () => void }) {
  const t = useTranslations("datasets.fix");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { describe } = useIssueMessages();
  const mutate = useImportMutation(datasetImport.id);
  const formId = useId();
  const [text, setText] = useState(() => initialFixText(issue, datasetImport));
  const [parseError, setParseError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function save() {
    const parsed = parseFixText(text);
    if (!parsed.ok) {
      setParseError(parsed.reason === "syntax" ? t("syntaxError", { message: parsed.message }) : t("notObject"));
      return;
    }

    setParseError(null);
    setFailure(null);
    setPending(true);
    try {
      await mutate("PATCH", `/dataset-imports/${datasetImport.id}`, { fixes: { ...datasetImport.fixes, [String(issue.line)]: parsed.value } });
      onClose();
    } catch (error) {
      setFailure(error);
      setPending(false);
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={t("title", { line: issue.line })}
      description={describe(issue)}
      closeLabel={tCommon("close")}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" form={formId} loading={pending}>
            {t("save")}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        {issue.raw && (
          <details>
            <summary className="cursor-pointer text-sm font-medium">{t("original")}</summary>
            <pre className="mt-2 max-h-40 overflow-auto rounded-md bg-subtle p-2 font-mono text-xs whitespace-pre-wrap">{issue.raw}</pre>
          </details>
        )}
        <FormField id={`${formId}-text`} label={t("label")} hint={t("hint")} error={parseError ?? undefined}>
          <Textarea
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setParseError(null);
            }}
            rows={14}
            className="font-mono text-xs"
            spellCheck={false}
          />
        </FormField>
      </form>
    </Dialog>
  );
}
