"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Badge, Button, Card, CardBody, CardHeader, Select } from "@/components/ui";
import { RowContent } from "../RowContent";
import { TextDiff } from "../TextDiff";
import { PII_KIND_ORDER, type CleanPreviewChange, type CleanPreviewResult } from "./clean-config";

const CHANGES_PER_PAGE = 20;
/** The clean_preview task keeps at most this many affected rows (PREVIEW_LIMIT in lib/datasets/task-job.ts). */
const PREVIEW_LIMIT = 500;

type Filter = "all" | "drop" | "modify";

/** Renders the outcome of a clean preview: counts per action, reason and kind of personal data, and the affected rows. */
export function CleanPreviewView({ result }: { result: CleanPreviewResult }) {
  const t = useTranslations("datasets.cleanPreview");
  const format = useFormatter();
  const filterId = useId();
  const [filter, setFilter] = useState<Filter>("all");
  const [shown, setShown] = useState(CHANGES_PER_PAGE);
  const { summary } = result;
  const changes = result.changes.filter((change) => filter === "all" || change.action === filter);
  const affected = summary.actions.drop + summary.actions.modify;

  // Each group names the message prefix of its entries, such as reasons.near_duplicate.
  const groups: { title: string; prefix: string; entries: [string, number][] }[] = [
    { title: t("actionsTitle"), prefix: "actions", entries: [["keep", summary.actions.keep], ["drop", summary.actions.drop], ["modify", summary.actions.modify]] },
    { title: t("reasonsTitle"), prefix: "reasons", entries: Object.entries(summary.dropReasons) },
    { title: t("changesTitle"), prefix: "changeKinds", entries: Object.entries(summary.changes) },
    { title: t("piiTitle"), prefix: "piiKinds", entries: PII_KIND_ORDER.map((kind) => [kind, summary.pii[kind]]) },
  ];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("summaryTitle")} description={t("summaryDescription", { rows: format.number(summary.rows), affected: format.number(affected) })} />
        <CardBody className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {groups.map((group) => (
            <div key={group.title}>
              <h3 className="mb-2 text-sm font-semibold">{group.title}</h3>
              <dl className="space-y-1 text-sm">
                {group.entries.map(([key, count]) => (
                  <div key={key} className="flex justify-between gap-3">
                    <dt className="text-muted">{t(`${group.prefix}.${key}`)}</dt>
                    <dd className="tabular-nums">{format.number(count)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title={t("listTitle")}
          description={result.changes.length >= PREVIEW_LIMIT ? t("listTruncated", { limit: format.number(PREVIEW_LIMIT) }) : t("listDescription")}
          actions={
            <div className="flex items-center gap-2">
              <label htmlFor={filterId} className="text-sm font-medium">
                {t("filter")}
              </label>
              <Select
                id={filterId}
                value={filter}
                onChange={(event) => {
                  setFilter(event.target.value as Filter);
                  setShown(CHANGES_PER_PAGE);
                }}
                options={(["all", "drop", "modify"] as const).map((value) => ({ value, label: t(`filters.${value}`) }))}
              />
            </div>
          }
        />
        <CardBody className="space-y-3">
          {changes.length === 0 ? (
            <p className="text-sm text-muted">{t("noChanges")}</p>
          ) : (
            <ul className="space-y-3">
              {changes.slice(0, shown).map((change) => (
                <CleanChangeItem key={change.rowKey} change={change} />
              ))}
            </ul>
          )}
          {shown < changes.length && (
            <Button variant="secondary" size="sm" onClick={() => setShown(shown + CHANGES_PER_PAGE)}>
              {t("showMore", { remaining: format.number(changes.length - shown) })}
            </Button>
          )}
        </CardBody>
      </Card>
    </div>
  );
}

function CleanChangeItem({ change }: { change: CleanPreviewChange }) {
  const t = useTranslations("datasets.cleanPreview");
  const format = useFormatter();

  return (
    <li className="space-y-2 rounded-md border border-border p-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">{t("rowNumber", { number: change.position + 1 })}</span>
        {change.action === "drop" ? (
          <Badge tone="danger">{t(`reasons.${change.reason ?? "empty"}`)}</Badge>
        ) : (
          <Badge tone="warning">{t("actions.modify")}</Badge>
        )}
        {change.duplicateOf && (
          <span className="text-xs text-muted">
            {t("duplicateOf", { rowKey: change.duplicateOf })}
            {change.similarity !== undefined && ` · ${t("similarity", { value: format.number(change.similarity, { style: "percent", maximumFractionDigits: 0 }) })}`}
          </span>
        )}
      </div>

      {change.action === "drop" && <RowContent data={change.before} />}

      {change.action === "modify" &&
        change.changes?.map((item, index) => (
          <div key={`${item.field}-${item.kind}-${index}`} className="space-y-1">
            <p className="flex flex-wrap items-center gap-2 text-xs">
              <code className="font-mono">{item.field}</code>
              <Badge>{t(`changeKinds.${item.kind}`)}</Badge>
              {item.pii?.map((kind) => (
                <Badge key={kind} tone="brand">
                  {t(`piiKinds.${kind}`)}
                </Badge>
              ))}
            </p>
            <TextDiff before={item.before} after={item.after} />
          </div>
        ))}
    </li>
  );
}
