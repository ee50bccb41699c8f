"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Button, Card, CardBody, CardHeader, Select } from "@/components/ui";
import { apiGet, apiUrl, useApiErrorMessage } from "../api";
import { datasetKeys } from "../queries";
import type { ImportIssueView, ImportView, IssuePage } from "../types";
import { FixIssueDialog } from "./FixIssueDialog";
import { useIssueMessages } from "./issue-messages";

const PAGE_SIZE = 50;
const RAW_PREVIEW_CHARS = 300;

/**
 * Renders the issues of an import in review, in line order, paged by the API's cursor (`after`) and filterable by code.
 * Users who may write get a Fix button per issue that edits the record in place.
 */
export function IssueList({
  datasetImport,
  canWrite,
  code,
  onCodeChange,
}: {
  datasetImport: ImportView;
  canWrite: boolean;
  code: string;
  onCodeChange: (code: string) => void;
}) {
  const t = useTranslations("datasets.issueList");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const { title, describe } = useIssueMessages();
  const filterId = useId();
  // Cursors of the pages before the current one; the last entry is the current page's cursor.
  const [cursors, setCursors] = useState<number[]>([0]);
  const [fixing, setFixing] = useState<ImportIssueView | null>(null);
  const after = cursors[cursors.length - 1] ?? 0;

  const page = useQuery({
    queryKey: [...datasetKeys.import(datasetImport.id), "issues", datasetImport.updatedAt, code, after],
    queryFn: ({ signal }) =>
      apiGet<IssuePage>(apiUrl(`/dataset-imports/${encodeURIComponent(datasetImport.id)}/issues`, { after: after || undefined, limit: PAGE_SIZE, code }), signal),
  });

  const counts = datasetImport.report?.issueCounts ?? {};
  const totalIssues = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const storedIssues = datasetImport.report?.storedIssues ?? totalIssues;
  const nextCursor = page.data?.nextCursor ? Number(page.data.nextCursor) : null;

  function changeCode(next: string) {
    setCursors([0]);
    onCodeChange(next);
  }

  return (
    <Card>
      <CardHeader
        title={t("title")}
        description={t("description", { count: totalIssues, formatted: format.number(totalIssues) })}
        actions={
          Object.keys(counts).length > 0 && (
            <div className="flex items-center gap-2">
              <label htmlFor={filterId} className="text-sm font-medium whitespace-nowrap">
                {t("filter")}
              </label>
              <Select
                id={filterId}
                value={code}
                onChange={(event) => changeCode(event.target.value)}
                placeholder={t("allCodes")}
                options={Object.entries(counts).map(([value, count]) => ({ value, label: t("codeOption", { title: title(value), count: format.number(count) }) }))}
              />
            </div>
          )
        }
      />
      <CardBody className="space-y-3">
        {storedIssues < totalIssues && <p className="text-sm text-muted">{t("truncated", { stored: format.number(storedIssues) })}</p>}
        {page.error && <Alert tone="error">{errorMessage(page.error)}</Alert>}
        {page.isPending && <p className="text-sm text-muted">{t("loading")}</p>}
        {page.data && page.data.data.length === 0 && <p className="text-sm text-muted">{t("empty")}</p>}

        {page.data && page.data.data.length > 0 && (
          <ul className="divide-y divide-border rounded-md border border-border">
            {page.data.data.map((issue) => (
              <li key={issue.id} className="flex flex-wrap items-start justify-between gap-3 px-3 py-2.5">
                <div className="min-w-0 flex-1 space-y-1">
                  <p className="text-sm">{describe(issue)}</p>
                  {issue.raw && (
                    <code className="block truncate font-mono text-xs text-muted" title={issue.raw.slice(0, 2_000)}>
                      {issue.raw.slice(0, RAW_PREVIEW_CHARS)}
                    </code>
                  )}
                </div>
                {canWrite && (
                  <Button size="sm" variant="secondary" onClick={() => setFixing(issue)} aria-label={t("fixLabel", { line: issue.line })}>
                    {t("fix")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}

        {(cursors.length > 1 || nextCursor !== null) && (
          <div className="flex items-center justify-between gap-2">
            <Button size="sm" variant="secondary" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t("previous")}
            </Button>
            <Button size="sm" variant="secondary" disabled={nextCursor === null} onClick={() => nextCursor !== null && setCursors([...cursors, nextCursor])}>
              {t("next")}
            </Button>
          </div>
        )}
      </CardBody>
      {fixing && <FixIssueDialog issue={fixing} datasetImport={datasetImport} onClose={() => setFixing(null)} />}
    </Card>
  );
}
