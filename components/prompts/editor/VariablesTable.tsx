"use client";

import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Badge, Button, Card, CardHeader, Input, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import type { DraftVariable } from "./draft";

type Props = {
  variables: DraftVariable[];
  /** Placeholder names the messages use, in order of first use. */
  usedNames: readonly string[];
  onChange: (variables: DraftVariable[]) => void;
};

/** Declared variables with description and default. New placeholders are declared automatically; unused ones are marked. */
export function VariablesTable({ variables, usedNames, onChange }: Props) {
  const t = useTranslations("prompts.editor.variables");
  const update = (index: number, patch: Partial<DraftVariable>) => onChange(variables.map((variable, at) => (at === index ? { ...variable, ...patch } : variable)));

  return (
    <Card>
      <CardHeader title={t("title")} description={t("help")} />
      {variables.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted">{t("empty")}</p>
      ) : (
        <Table caption={t("title")} captionHidden className="rounded-none border-0">
          <THead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("description")}</Th>
              <Th>{t("default")}</Th>
              <Th>
                <span className="sr-only">{t("actions")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {variables.map((variable, index) => (
              <Tr key={variable.name}>
                <Td className="font-mono text-xs whitespace-nowrap">
                  {variable.name}
                  {!usedNames.includes(variable.name) && (
                    <Badge tone="warning" className="ml-2">
                      {t("unused")}
                    </Badge>
                  )}
                </Td>
                <Td>
                  <Input aria-label={t("descriptionOf", { name: variable.name })} value={variable.description} maxLength={500} onChange={(event) => update(index, { description: event.target.value })} />
                </Td>
                <Td>
                  <div className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      className="size-4 accent-brand-600"
                      aria-label={t("hasDefault", { name: variable.name })}
                      checked={variable.hasDefault}
                      onChange={(event) => update(index, { hasDefault: event.target.checked })}
                    />
                    <Input
                      aria-label={t("defaultOf", { name: variable.name })}
                      value={variable.defaultValue}
                      disabled={!variable.hasDefault}
                      placeholder={variable.hasDefault ? "" : t("noDefault")}
                      onChange={(event) => update(index, { defaultValue: event.target.value })}
                    />
                  </div>
                </Td>
                <Td className="text-right">
                  <Button size="sm" variant="ghost" aria-label={t("remove", { name: variable.name })} onClick={() => onChange(variables.filter((_, at) => at !== index))} icon={<Trash2 className="size-4" aria-hidden />} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
