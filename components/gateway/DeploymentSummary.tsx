"use client";

import { useTranslations } from "next-intl";
import { Card, CardBody, CardHeader } from "@/components/ui";
import type { DeploymentView, ModelReference } from "./types";
import { WeightBar } from "./WeightBar";

/** Read-only settings of a deployment, for roles that may not change it. */
export function DeploymentSummary({ deployment }: { deployment: DeploymentView }) {
  const t = useTranslations("gateway.form");
  const tDeployments = useTranslations("gateway.deployments");
  const label = (reference: ModelReference) => (reference.model ? `${reference.model.providerName} / ${reference.model.displayName}` : tDeployments("deletedModel"));

  const rows: [string, string][] = [
    [t("retries"), String(deployment.retries)],
    [t("retryBackoff"), tDeployments("milliseconds", { value: deployment.retryBackoffMs })],
    [t("fallbackOn"), deployment.fallbackOn.join(", ") || "—"],
    [t("timeout"), tDeployments("seconds", { value: deployment.timeoutMs / 1000 })],
    [t("cacheTtl"), deployment.cacheTtlSeconds === 0 ? tDeployments("cacheOff") : tDeployments("seconds", { value: deployment.cacheTtlSeconds })],
  ];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("targets")} description={t("targetsHint")} />
        <CardBody>
          <WeightBar targets={deployment.targets} />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("fallbacks")} description={t("fallbacksHint")} />
        <CardBody>
          {deployment.fallbacks.length === 0 ? (
            <p className="text-sm text-muted">{t("noFallbacks")}</p>
          ) : (
            <ol className="list-decimal space-y-1 pl-5 text-sm">
              {deployment.fallbacks.map((fallback, index) => (
                <li key={`${fallback.modelId}-${index}`}>{label(fallback)}</li>
              ))}
            </ol>
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t("reliability")} />
        <CardBody>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            {rows.map(([term, value]) => (
              <div key={term}>
                <dt className="text-muted">{term}</dt>
                <dd className="tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
    </div>
  );
}
