"use client";

import { CheckCircle2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Card, CardBody, CardHeader, Textarea } from "@/components/ui";
import { parseSchemaText } from "./draft";

type Props = {
  enabled: boolean;
  text: string;
  onChange: (change: { enabled: boolean; text: string }) => void;
  /** The server's verdict from the last preview: null while valid or unknown, else the translated problem. */
  serverProblem: string | null;
  /** True while a preview of the current text is on its way. */
  checking: boolean;
};

/** Edits the output schema: a switch for JSON output and the JSON Schema text, with a live validity message. */
export function OutputSchemaEditor({ enabled, text, onChange, serverProblem, checking }: Props) {
  const t = useTranslations("prompts.editor.schema");
  const switchId = useId();
  const textId = useId();
  const local = enabled ? parseSchemaText(text) : null;
  let problem = serverProblem;
  if (local?.error === "not-object") problem = t("notObject");
  else if (local?.error) problem = t("invalidJson", { detail: local.error });

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} />
      <CardBody className="space-y-3">
        <div className="flex items-center gap-2">
          <input id={switchId} type="checkbox" className="size-4 accent-brand-600" checked={enabled} onChange={(event) => onChange({ enabled: event.target.checked, text })} />
          <label htmlFor={switchId} className="text-sm">
            {t("enable")}
          </label>
        </div>
        {enabled && (
          <>
            <label htmlFor={textId} className="sr-only">
              {t("title")}
            </label>
            <Textarea
              id={textId}
              rows={10}
              value={text}
              onChange={(event) => onChange({ enabled, text: event.target.value })}
              className="font-mono text-xs"
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${textId}-status`}
            />
            <p id={`${textId}-status`} role="status" className={problem ? "text-xs font-medium text-red-600" : "flex items-center gap-1 text-xs text-emerald-700"}>
              {problem ? (
                problem
              ) : checking ? (
                <span className="text-muted">{t("checking")}</span>
              ) : (
                <>
                  <CheckCircle2 className="size-4" aria-hidden />
                  {t("valid")}
                </>
              )}
            </p>
          </>
        )}
      </CardBody>
    </Card>
  );
}
