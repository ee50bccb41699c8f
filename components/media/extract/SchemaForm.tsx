"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { apiSend } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FormField, Input, Textarea } from "@/components/ui";
import { useExtractErrorText } from "./problem-text";
import { extractKeys, type ExtractionSchemaView } from "./types";

const EXAMPLE_SCHEMA = JSON.stringify(
  {
    type: "object",
    properties: {
      brand: { type: "string", description: "Brand printed on the product" },
      model: { type: "string" },
      estimated_price: { type: "number", minimum: 0, description: "Price in CNY" },
    },
    required: ["brand"],
  },
  null,
  2,
);

/** Renders the form that creates an extraction schema from a name and JSON Schema text. */
export function SchemaForm({ onCreated }: { onCreated: (schema: ExtractionSchemaView) => void }) {
  const t = useTranslations("mediaExtract.schemas");
  const queryClient = useQueryClient();
  const errorText = useExtractErrorText();
  const [name, setName] = useState("");
  const [text, setText] = useState(EXAMPLE_SCHEMA);
  const [parseError, setParseError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setParseError(null);
    setFailure(null);

    let schema: unknown;
    try {
      schema = JSON.parse(text);
    } catch (error) {
      setParseError(t("notJson", { message: error instanceof Error ? error.message : String(error) }));
      return;
    }

    setPending(true);
    try {
      const body = await apiSend<{ data: ExtractionSchemaView }>("POST", "/extraction-schemas", { name: name.trim(), schema });
      await queryClient.invalidateQueries({ queryKey: extractKeys.schemas });
      setName("");
      onCreated(body.data);
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader title={t("createTitle")} description={t("createDescription")} />
      <CardBody>
        <form className="space-y-3" onSubmit={(event) => void submit(event)}>
          <FormField id="schema-name" label={t("name")}>
            <Input id="schema-name" value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
          </FormField>
          <FormField id="schema-json" label={t("json")} hint={t("jsonHint")} error={parseError ?? undefined}>
            <Textarea id="schema-json" rows={12} className="font-mono text-xs" value={text} onChange={(event) => setText(event.target.value)} />
          </FormField>
          <Button type="submit" loading={pending} disabled={!name.trim()}>
            {t("create")}
          </Button>
          {failure !== null && <Alert tone="error">{errorText(failure)}</Alert>}
        </form>
      </CardBody>
    </Card>
  );
}
