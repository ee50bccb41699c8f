"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { isApiRequestError, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Card, CardBody, CardHeader, FormField, Spinner, Textarea } from "@/components/ui";
import { useIssueMessage } from "../issues";
import { RenderedMessages } from "../version/RenderedMessages";
import type { DraftVariable } from "./draft";
import type { PreviewState } from "./use-preview";

type Props = {
  usedNames: readonly string[];
  variables: DraftVariable[];
  values: Record<string, string>;
  onValuesChange: (values: Record<string, string>) => void;
  preview: PreviewState;
  /** Set when the draft cannot be sent, such as schema text that is not JSON. */
  localProblem: string | null;
};

/** Sample values for each variable and the prompt as the server renders it, or every problem with its position. */
export function PreviewPane({ usedNames, variables, values, onValuesChange, preview, localProblem }: Props) {
  const t = useTranslations("prompts.editor.preview");
  const errorMessage = useApiErrorMessage();
  const issueMessage = useIssueMessage();
  const formId = useId();
  const defaults = new Map(variables.filter((variable) => variable.hasDefault).map((variable) => [variable.name, variable.defaultValue]));
  const fields = isApiRequestError(preview.error) ? Object.entries(preview.error.fields ?? {}) : [];
  // A missing sample value only stops the preview; the saved version takes its values at render time.
  const issues = preview.data?.issues ?? [];
  const valueIssues = issues.filter((issue) => issue.reason === "prompts.missing_value");
  const saveIssues = issues.filter((issue) => issue.reason !== "prompts.missing_value");

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} actions={preview.pending ? <Spinner className="text-muted" /> : undefined} />
      <CardBody className="space-y-4">
        {usedNames.length > 0 && (
          <div className="space-y-3">
            {usedNames.map((name) => (
              <FormField key={name} id={`${formId}-${name}`} label={<code className="font-mono">{name}</code>} hint={defaults.has(name) ? t("defaultHint", { value: defaults.get(name)! }) : undefined}>
                <Textarea rows={2} value={values[name] ?? ""} placeholder={defaults.get(name) ?? ""} onChange={(event) => onValuesChange({ ...values, [name]: event.target.value })} />
              </FormField>
            ))}
          </div>
        )}

        <div role="status" aria-live="polite" className="space-y-3">
          {localProblem && <Alert tone="error">{localProblem}</Alert>}
          {!localProblem && preview.error !== null && (
            <Alert tone="error">
              {errorMessage(preview.error)}
              {fields.length > 0 && (
                <ul className="mt-1 list-inside list-disc font-mono text-xs">
                  {fields.map(([field, reasons]) => (
                    <li key={field}>{`${field}: ${reasons.join(", ")}`}</li>
                  ))}
                </ul>
              )}
            </Alert>
          )}
          {!localProblem && saveIssues.length > 0 && (
            <Alert tone="error" title={t("issues", { count: saveIssues.length })}>
              <ul className="list-inside list-disc space-y-1">
                {saveIssues.map((issue, index) => (
                  <li key={index}>{issueMessage(issue)}</li>
                ))}
              </ul>
            </Alert>
          )}
          {!localProblem && valueIssues.length > 0 && (
            <Alert tone="info" title={t("valuesTitle")}>
              <ul className="list-inside list-disc space-y-1">
                {valueIssues.map((issue, index) => (
                  <li key={index}>{t("missingValue", { name: String(issue.params.name ?? "") })}</li>
                ))}
              </ul>
            </Alert>
          )}
          {!localProblem && preview.data?.rendered && <RenderedMessages rendered={preview.data.rendered} />}
        </div>
      </CardBody>
    </Card>
  );
}
