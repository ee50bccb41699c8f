"use client";

import { useTranslations } from "next-intl";
import { Card, CardBody, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { RowContent } from "../RowContent";
import type { ImportView } from "../types";

/**
 * Renders the first normalised rows as they will be stored, and the first source records as the parser
 * read them, so the user can check the mapping before committing.
 */
export function ImportPreview({ datasetImport }: { datasetImport: ImportView }) {
  const t = useTranslations("datasets.preview");
  const preview = datasetImport.report?.preview ?? [];
  const raw = datasetImport.report?.rawPreview ?? [];

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        <Table caption={t("title")} captionHidden>
          <THead>
            <tr>
              <Th className="w-20">{t("line")}</Th>
              <Th>{t("row")}</Th>
            </tr>
          </THead>
          <TBody>
            {preview.length === 0 && <TableEmptyRow colSpan={2}>{t("empty")}</TableEmptyRow>}
            {preview.map((row) => (
              <Tr key={row.line}>
                <Td className="align-top text-muted tabular-nums">{row.line}</Td>
                <Td>
                  <RowContent data={row.data} labels={row.labels} split={row.split} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>

        {raw.length > 0 && (
          <details>
            <summary className="cursor-pointer text-sm font-medium">{t("raw")}</summary>
            <ol className="mt-2 space-y-2">
              {raw.map((record) => (
                <li key={record.line} className="rounded-md bg-subtle p-2">
                  <p className="mb-1 text-xs text-muted">{t("lineNumber", { line: record.line })}</p>
                  <pre className="max-h-40 overflow-auto font-mono text-xs whitespace-pre-wrap">{JSON.stringify(record.fields, null, 2)}</pre>
                </li>
              ))}
            </ol>
          </details>
        )}
      </CardBody>
    </Card>
  );
}
