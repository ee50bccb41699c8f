"use client";

import { History } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { EmptyState } from "@/components/EmptyState";
import { buttonClasses, Card, CardHeader, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { LabelBadge, StrategyBadge } from "../badges";
import type { VersionSummary } from "../types";

/** Versions of a template, newest first, with their labels, strategy and change note. */
export function VersionHistory({ name, versions, canWrite }: { name: string; versions: VersionSummary[] | undefined; canWrite: boolean }) {
  const t = useTranslations("prompts.versions");
  const tCommon = useTranslations("common");
  const format = useFormatter();

  return (
    <Card>
      <CardHeader title={t("title")} description={t("description")} />
      {!versions && <p className="px-5 py-4 text-sm text-muted">{tCommon("loading")}</p>}
      {versions && versions.length === 0 && (
        <EmptyState
          icon={<History className="size-6" />}
          title={t("emptyTitle")}
          description={canWrite ? t("emptyBody") : t("emptyBodyReadOnly")}
          actions={
            canWrite ? (
              <Link href={`/prompts/${name}/new`} className={buttonClasses("primary")}>
                {t("createFirst")}
              </Link>
            ) : undefined
          }
        />
      )}
      {versions && versions.length > 0 && (
        <Table caption={t("title")} captionHidden className="rounded-none border-0 shadow-none">
          <THead>
            <tr>
              <Th>{t("version")}</Th>
              <Th>{t("labels")}</Th>
              <Th>{t("strategy")}</Th>
              <Th>{t("variables")}</Th>
              <Th>{t("message")}</Th>
              <Th>{t("created")}</Th>
              <Th className="text-right">{t("actions")}</Th>
            </tr>
          </THead>
          <TBody>
            {versions.map((version) => (
              <Tr key={version.id}>
                <Td className="font-medium whitespace-nowrap">
                  <Link href={`/prompts/${name}/versions/${version.number}`} className="text-brand-700 hover:underline">
                    {t("number", { number: version.number })}
                  </Link>
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {version.labels.map((label) => (
                      <LabelBadge key={label} name={label} />
                    ))}
                  </div>
                </Td>
                <Td>
                  <StrategyBadge kind={version.strategy.kind} />
                  {version.hasOutputSchema && <span className="ml-1 text-xs text-muted">{t("json")}</span>}
                </Td>
                <Td className="font-mono text-xs text-muted">{version.variableNames.join(", ") || "—"}</Td>
                <Td className="max-w-xs text-sm">
                  <span className="line-clamp-2">{version.message || "—"}</span>
                </Td>
                <Td className="whitespace-nowrap text-muted">{format.dateTime(new Date(version.createdAt), { dateStyle: "medium", timeStyle: "short" })}</Td>
                <Td className="text-right whitespace-nowrap">
                  <Link href={`/prompts/${name}/versions/${version.number}`} className={buttonClasses("ghost", "sm")}>
                    {t("view")}
                  </Link>
                  {canWrite && (
                    <Link href={`/prompts/${name}/new?from=${version.number}`} className={buttonClasses("ghost", "sm")}>
                      {t("editAsNew")}
                    </Link>
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </Card>
  );
}
