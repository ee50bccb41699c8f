"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/account/CopyButton";
import { Card, CardBody, CardHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { RegisteredVersion } from "./job-timeline";
import type { FineTuneJobView } from "./types";

/**
 * Shows the model version a succeeded job registered, named `ft:<base>:<ftjob-id>`. Chat models are served by
 * the local runtime under that name, so callers pick it in the playground or send it as `model`.
 */
export function ModelVersionCard({ job, registered }: { job: FineTuneJobView; registered: RegisteredVersion | null }) {
  const t = useTranslations("fineTuningJob.modelVersion");

  let body;
  if (!registered) {
    body = <p className="text-sm text-muted">{job.status === "succeeded" ? t("missing") : t("pending")}</p>;
  } else {
    body = (
      <div className="space-y-3 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          <code className="rounded bg-subtle px-2 py-1 font-mono text-sm break-all">{registered.name}</code>
          <CopyButton value={registered.name} label={t("copy")} copiedLabel={t("copied")} />
        </div>
        {registered.providerModelId ? (
          <p className="text-muted">
            {/* The playground has no model parameter in its URL, so the link opens it and the text names the model to pick. */}
            {t.rich("served", { link: (chunks) => <Link href="/playground" className="font-medium text-brand-700 hover:underline">{chunks}</Link> })}
          </p>
        ) : (
          <p className="text-muted">{t("notServed")}</p>
        )}
      </div>
    );
  }

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} />
      <CardBody>{body}</CardBody>
    </Card>
  );
}
