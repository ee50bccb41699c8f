"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { Select, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { CANONICAL_FIELDS, OPTIONAL_FIELDS, type DatasetType, type FieldMapping } from "@/lib/datasets/model";

/**
 * Picks the source column (or JSON key) for each canonical field of the chosen type, with an example
 * value from the first records so the user can check the choice.
 */
export function MappingEditor({
  type,
  mapping,
  sources,
  exampleOf,
  disabled,
  onChange,
}: {
  type: DatasetType;
  mapping: FieldMapping;
  sources: string[];
  exampleOf: (source: string) => string | null;
  disabled?: boolean;
  onChange: (mapping: FieldMapping) => void;
}) {
  const t = useTranslations("datasets.mapping");
  const id = useId();

  return (
    <Table caption={t("caption")} captionHidden>
      <THead>
        <tr>
          <Th>{t("canonical")}</Th>
          <Th>{t("source")}</Th>
          <Th>{t("example")}</Th>
        </tr>
      </THead>
      <TBody>
        {CANONICAL_FIELDS[type].map((field) => {
          const source = mapping[field] ?? "";
          const example = source ? exampleOf(source) : null;
          const optional = OPTIONAL_FIELDS[type].includes(field);
          return (
            <Tr key={field}>
              <Th scope="row" className="font-mono text-sm font-normal text-fg">
                <label htmlFor={`${id}-${field}`}>{field}</label>
                {optional && <span className="ml-2 font-sans text-xs text-muted">{t("optional")}</span>}
              </Th>
              <Td>
                <Select
                  id={`${id}-${field}`}
                  value={source}
                  disabled={disabled}
                  placeholder={t("unmapped")}
                  options={sources.map((value) => ({ value, label: value }))}
                  onChange={(event) => onChange({ ...mapping, [field]: event.target.value })}
                  className="min-w-48"
                />
              </Td>
              <Td className="max-w-sm truncate font-mono text-xs text-muted" title={example ?? undefined}>
                {example ?? "—"}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
