"use client";

import { Plus, Route } from "lucide-react";
import { useTranslations } from "next-intl";
import { useApiErrorMessage } from "@/components/datasets/api";
import { EmptyState } from "@/components/EmptyState";
import { Alert, buttonClasses, Card, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { CanaryBadge, EnabledBadge } from "./badges";
import { useDeployments } from "./queries";
import { WeightBar } from "./WeightBar";

/** Lists the deployments with their traffic split, canary state and cache TTL; admins also get "New deployment". */
export function DeploymentList({ canManage }: { canManage: boolean }) {
  const t = useTranslations("gateway.deployments");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { data: deployments, error, isPending, refetch } = useDeployments();

  const newButton = canManage ? (
    <Link href="/gateway/deployments/new" className={buttonClasses("primary", "md", "gap-2")}>
      <Plus className="size-4" aria-hidden />
      {t("new")}
    </Link>
  ) : null;

  return (
    <section className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <p className="max-w-3xl text-sm text-muted">{t("intro")}</p>
        {newButton}
      </div>

      {error && (
        <Alert tone="error">
          {errorMessage(error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void refetch()}>
            {tCommon("retry")}
          </button>
        </Alert>
      )}
      {isPending && <p className="text-sm text-muted">{tCommon("loading")}</p>}

      {deployments && deployments.length === 0 && (
        <Card>
          <EmptyState icon={<Route className="size-6" />} title={t("emptyTitle")} description={canManage ? t("emptyBodyAdmin") : t("emptyBodyReader")} actions={newButton} />
        </Card>
      )}

      {deployments && deployments.length > 0 && (
        <Table caption={t("caption")} captionHidden>
          <THead>
            <tr>
              <Th>{t("name")}</Th>
              <Th>{t("targets")}</Th>
              <Th>{t("canary")}</Th>
              <Th className="text-right">{t("cacheTtl")}</Th>
              <Th>{t("status")}</Th>
            </tr>
          </THead>
          <TBody>
            {deployments.map((deployment) => (
              <Tr key={deployment.id}>
                <Td>
                  <Link href={`/gateway/deployments/${deployment.id}`} className="font-mono font-medium text-brand-700 hover:underline">
                    {deployment.name}
                  </Link>
                  {deployment.description && <p className="max-w-xs truncate text-xs text-muted">{deployment.description}</p>}
                </Td>
                <Td>
                  <WeightBar targets={deployment.targets} />
                </Td>
                <Td>
                  <CanaryBadge canary={deployment.canary} />
                </Td>
                <Td className="text-right tabular-nums">{deployment.cacheTtlSeconds === 0 ? t("cacheOff") : t("seconds", { value: deployment.cacheTtlSeconds })}</Td>
                <Td>
                  <EnabledBadge enabled={deployment.enabled} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
