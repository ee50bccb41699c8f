"use client";

import { useTranslations } from "next-intl";
import { useId, useState, type FormEvent } from "react";
import { apiSend, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FormField, Textarea } from "@/components/ui";
import { scanMessages } from "@/lib/prompts/template";
import { templatePath } from "../queries";
import type { RenderedView, VersionView } from "../types";
import { RenderedMessages } from "./RenderedMessages";

/** Renders a saved version with values through the API, exactly as the gateway will send it. */
export function TryVersion({ name, version }: { name: string; version: VersionView }) {
  const t = useTranslations("prompts.try");
  const errorMessage = useApiErrorMessage();
  const formId = useId();
  const names = scanMessages(version.messages).names;
  const [values, setValues] = useState<Record<string, string>>({});
  const [rendered, setRendered] = useState<RenderedView | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<RenderedView>>("POST", `${templatePath(name)}/render`, { version: version.number, variables: values });
      setRendered(data);
    } catch (error) {
      setRendered(null);
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  const defaults = new Map(version.variables.map((variable) => [variable.name, variable.default]));
  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        <form id={formId} onSubmit={submit} className="space-y-3">
          {names.map((variable) => (
            <FormField key={variable} id={`${formId}-${variable}`} label={<code className="font-mono">{variable}</code>} hint={defaults.get(variable) !== undefined ? t("defaultHint", { value: defaults.get(variable)! }) : undefined}>
              <Textarea rows={2} value={values[variable] ?? ""} onChange={(event) => setValues({ ...values, [variable]: event.target.value })} />
            </FormField>
          ))}
          <Button type="submit" variant="secondary" loading={pending}>
            {t("render")}
          </Button>
        </form>
        {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
        {rendered && <RenderedMessages rendered={rendered} />}
      </CardBody>
    </Card>
  );
}
