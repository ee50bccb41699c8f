"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiGet, apiUrl, useApiErrorMessage, type ApiItem } from "@/components/datasets/api";
import { Alert, Button, Card, CardBody, CardHeader, FormField, Select } from "@/components/ui";
import { promptKeys, templatePath } from "../queries";
import type { DiffView, VersionSummary } from "../types";
import { DiffSections } from "./DiffSections";

type Pair = { from: number; to: number };

/** Compares any two versions of a template: messages, variables, examples, strategy, schema, parameters and model. */
export function VersionDiffPanel({ name, versions }: { name: string; versions: VersionSummary[] }) {
  const t = useTranslations("prompts.diff");
  const errorMessage = useApiErrorMessage();
  const formId = useId();
  const newest = versions[0]?.number ?? 0;
  const [pair, setPair] = useState<Pair>({ from: versions[1]?.number ?? newest, to: newest });
  const [compared, setCompared] = useState<Pair | null>(null);

  const diff = useQuery({
    queryKey: promptKeys.diff(name, compared?.from ?? 0, compared?.to ?? 0),
    enabled: compared !== null,
    queryFn: ({ signal }) => apiGet<ApiItem<DiffView>>(apiUrl(`${templatePath(name)}/diff`, { from: compared!.from, to: compared!.to }), signal).then((body) => body.data),
  });

  if (versions.length < 2) return null;
  const options = versions.map((version) => ({ value: String(version.number), label: t("versionOption", { number: version.number }) }));

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      <CardBody className="space-y-4">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            setCompared(pair);
          }}
        >
          <FormField id={`${formId}-from`} label={t("from")} className="w-40">
            <Select value={String(pair.from)} onChange={(event) => setPair({ ...pair, from: Number(event.target.value) })} options={options} />
          </FormField>
          <FormField id={`${formId}-to`} label={t("to")} className="w-40">
            <Select value={String(pair.to)} onChange={(event) => setPair({ ...pair, to: Number(event.target.value) })} options={options} />
          </FormField>
          <Button type="submit" variant="secondary" loading={diff.isFetching} disabled={pair.from === pair.to}>
            {t("compare")}
          </Button>
          {pair.from === pair.to && <p className="text-xs text-muted">{t("samePair")}</p>}
        </form>
        {diff.error && <Alert tone="error">{errorMessage(diff.error)}</Alert>}
        {diff.data && <DiffSections sections={diff.data.sections} />}
      </CardBody>
    </Card>
  );
}
