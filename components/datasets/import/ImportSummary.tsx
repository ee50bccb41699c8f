"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Alert, Badge, Card, CardBody, CardHeader } from "@/components/ui";
import type { ImportView } from "../types";
import { useIssueMessages } from "./issue-messages";

const TOP_LABELS = 30;

/** Renders the analysis results: record counts, issues per code (each filters the issue list), warnings and labels. */
export function ImportSummary({ datasetImport, onPickCode }: { datasetImport: ImportView; onPickCode: (code: string) => void }) {
  const t = useTranslations("datasets.summary");
  const format = useFormatter();
  const { title } = useIssueMessages();
  const report = datasetImport.report;
  const issueCounts = Object.entries(report?.issueCounts ?? {}).sort((a, b) => b[1] - a[1]);
  const warningCounts = Object.entries(report?.warningCounts ?? {}).filter(([, count]) => count > 0);
  const labels = report?.labels ?? [];

  const figures = [
    { key: "records", value: report?.records ?? datasetImport.rowsDone },
    { key: "valid", value: datasetImport.rowsValid },
    { key: "invalid", value: datasetImport.rowsInvalid },
  ] as const;

  return (
    <Card>
      <CardHeader title={t("title")} />
      <CardBody className="space-y-4">
        <dl className="grid grid-cols-3 gap-3">
          {figures.map((figure) => (
            <div key={figure.key} className="rounded-md border border-border px-3 py-2">
              <dt className="text-xs text-muted">{t(figure.key)}</dt>
              <dd className="text-lg font-semibold tabular-nums">{format.number(figure.value)}</dd>
            </div>
          ))}
        </dl>

        {report?.detection?.confidence === 0 && !report.formatHint && <Alert tone="warning">{t("typeUnknown")}</Alert>}

        {report?.formatHint && report.info?.format && (
          <Alert tone="warning">
            {t("formatHint", { used: report.info.format.toUpperCase(), suggested: report.formatHint.toUpperCase() })}
          </Alert>
        )}

        {issueCounts.length > 0 && (
          <div className="space-y-2">
            <h3 className="text-sm font-semibold">{t("issues")}</h3>
            <ul className="flex flex-wrap gap-2">
              {issueCounts.map(([code, count]) => (
                <li key={code}>
                  <button
                    type="button"
                    onClick={() => onPickCode(code)}
                    className="rounded-full focus-visible:outline-2 focus-visible:outline-brand-500"
                    aria-label={t("showIssues", { title: title(code), count: format.number(count) })}
                  >
                    <Badge tone="danger">
                      {title(code)} · {format.number(count)}
                    </Badge>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}

        {warningCounts.map(([code, count]) => (
          <Alert key={code} tone="warning" title={title(code)}>
            {t("warning", { count, formatted: format.number(count) })} {t.has(`warnings.${code}`) ? t(`warnings.${code}`) : ""}
          </Alert>
        ))}

        {labels.length > 0 && (
          <div className="space-y-2">
            <h3 className="text-sm font-semibold">{t("labels", { count: report?.labelCount ?? labels.length })}</h3>
            <ul className="flex flex-wrap gap-1.5">
              {labels.slice(0, TOP_LABELS).map((item) => (
                <li key={item.label}>
                  <Badge tone="brand">
                    {item.label} · {format.number(item.count)}
                  </Badge>
                </li>
              ))}
            </ul>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
