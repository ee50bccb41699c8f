"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Alert, Badge, Button, Card, CardBody, CardHeader, Select, type BadgeTone } from "@/components/ui";
import { apiGet, apiUrl, useApiErrorMessage, type ApiItem } from "../api";
import { datasetKeys } from "../queries";
import { RowContent } from "../RowContent";
import { rowAsText } from "../row-text";
import { TextDiff } from "../TextDiff";
import type { DiffExample, VersionDiffView, VersionView } from "../types";
import { useVersionLabel } from "../VersionPicker";

const EXAMPLES_PER_PAGE = 10;

const kindTones: Record<DiffExample["kind"], BadgeTone> = { added: "success", removed: "danger", changed: "warning" };

type Pair = { from: string; to: string };

/** Default comparison: the selected version against its parent, or against the next older version. */
function defaultPair(versions: VersionView[], selected: VersionView | null): Pair {
  const ready = versions.filter((version) => version.status === "ready").sort((a, b) => (b.number ?? 0) - (a.number ?? 0));
  const to = selected ?? ready[0];
  if (!to) return { from: "", to: "" };
  const parent = ready.find((version) => version.id === to.parentId);
  const older = ready.find((version) => (version.number ?? 0) < (to.number ?? 0));
  return { from: parent?.id ?? older?.id ?? "", to: to.id };
}

/**
 * Compares two versions row by row: counts of added, removed, changed and unchanged rows, and up to 50
 * differing rows with their content before and after.
 */
export function VersionDiffPanel({ datasetId, versions, selected }: { datasetId: string; versions: VersionView[]; selected: VersionView | null }) {
  const t = useTranslations("datasets.diff");
  const format = useFormatter();
  const errorMessage = useApiErrorMessage();
  const versionLabel = useVersionLabel();
  const fromId = useId();
  const toId = useId();
  const [pair, setPair] = useState<Pair>(() => defaultPair(versions, selected));
  const [compared, setCompared] = useState<Pair | null>(null);
  const [shown, setShown] = useState(EXAMPLES_PER_PAGE);

  const comparable = versions.filter((version) => version.status === "ready" || version.status === "draft");
  const options = comparable.map((version) => ({ value: version.id, label: versionLabel(version) }));

  const diff = useQuery({
    queryKey: [...datasetKeys.dataset(datasetId), "diff", compared?.from, compared?.to],
    enabled: compared !== null,
    queryFn: ({ signal }) =>
      apiGet<ApiItem<VersionDiffView>>(apiUrl(`/dataset-versions/${encodeURIComponent(compared!.to)}/diff`, { against: compared!.from }), signal).then(
        (body) => body.data,
      ),
  });

  if (comparable.length < 2) {
    return (
      <Card>
        <CardHeader title={t("title")} />
        <CardBody>
          <p className="text-sm text-muted">{t("needTwo")}</p>
        </CardBody>
      </Card>
    );
  }

  const samePair = pair.from !== "" && pair.from === pair.to;

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            setShown(EXAMPLES_PER_PAGE);
            setCompared(pair);
          }}
        >
          <div className="space-y-1.5">
            <label htmlFor={fromId} className="block text-sm font-medium">
              {t("from")}
            </label>
            <Select id={fromId} value={pair.from} placeholder={t("choose")} options={options} onChange={(event) => setPair({ ...pair, from: event.target.value })} />
          </div>
          <div className="space-y-1.5">
            <label htmlFor={toId} className="block text-sm font-medium">
              {t("to")}
            </label>
            <Select id={toId} value={pair.to} placeholder={t("choose")} options={options} onChange={(event) => setPair({ ...pair, to: event.target.value })} />
          </div>
          <Button type="submit" variant="secondary" disabled={!pair.from || !pair.to || samePair} loading={diff.isFetching}>
            {t("compare")}
          </Button>
        </form>
        {samePair && <p className="text-sm text-muted">{t("samePair")}</p>}

        {diff.error && <Alert tone="error">{errorMessage(diff.error)}</Alert>}

        {diff.data && (
          <div className="space-y-4" aria-live="polite">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {(["added", "removed", "changed", "unchanged"] as const).map((kind) => (
                <div key={kind} className="rounded-md border border-border px-3 py-2">
                  <dt className="text-xs text-muted">{t(`counts.${kind}`)}</dt>
                  <dd className="text-lg font-semibold tabular-nums">{format.number(diff.data[kind])}</dd>
                </div>
              ))}
            </dl>

            {diff.data.examples.length === 0 ? (
              <p className="text-sm text-muted">{t("identical")}</p>
            ) : (
              <div className="space-y-3">
                <h3 className="text-sm font-semibold">{t("examples", { count: diff.data.examples.length })}</h3>
                <ul className="space-y-3">
                  {diff.data.examples.slice(0, shown).map((example) => (
                    <DiffExampleItem key={`${example.kind}-${example.rowKey}`} example={example} />
                  ))}
                </ul>
                {shown < diff.data.examples.length && (
                  <Button variant="secondary" size="sm" onClick={() => setShown(shown + EXAMPLES_PER_PAGE)}>
                    {t("showMore")}
                  </Button>
                )}
              </div>
            )}
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function DiffExampleItem({ example }: { example: DiffExample }) {
  const t = useTranslations("datasets.diff");
  const row = (example.after ?? example.before) as { data?: unknown; labels?: string[]; split?: string | null } | null;

  return (
    <li className="space-y-2 rounded-md border border-border p-3">
      <div className="flex items-center gap-2">
        <Badge tone={kindTones[example.kind]}>{t(`kinds.${example.kind}`)}</Badge>
        <code className="font-mono text-xs text-muted">{example.rowKey}</code>
      </div>
      {example.kind === "changed" ? (
        <TextDiff before={rowAsText(example.before)} after={rowAsText(example.after)} />
      ) : (
        row && <RowContent data={row.data} labels={row.labels} split={row.split} />
      )}
    </li>
  );
}
