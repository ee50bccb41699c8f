"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Badge, Button, Table, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { cn } from "@/components/ui/cn";
import { shortHash } from "../format";
import type { VersionView } from "../types";

/**
 * Renders the versions of a dataset, newest first, with the draft on top. "Select" makes a version the one
 * every tab shows; the selected row is marked.
 */
export function VersionsTable({
  versions,
  selectedId,
  onSelect,
  memberNames,
}: {
  versions: VersionView[];
  selectedId: string | null;
  onSelect: (versionId: string) => void;
  /** Workspace members' names by user id, for the "created by" column. */
  memberNames: Record<string, string>;
}) {
  const t = useTranslations("datasets");
  const format = useFormatter();
  const numberById = new Map(versions.map((version) => [version.id, version.number]));

  const sorted = [...versions].sort((a, b) => {
    if (a.status === "draft" && b.status !== "draft") return -1;
    if (b.status === "draft" && a.status !== "draft") return 1;
    return (b.number ?? 0) - (a.number ?? 0);
  });

  return (
    <Table caption={t("versions.caption")} captionHidden>
      <THead>
        <tr>
          <Th>{t("versions.version")}</Th>
          <Th>{t("versions.operation")}</Th>
          <Th className="text-right">{t("versions.rows")}</Th>
          <Th>{t("versions.contentHash")}</Th>
          <Th>{t("versions.parent")}</Th>
          <Th>{t("versions.created")}</Th>
          <Th>{t("versions.message")}</Th>
          <Th className="text-right">
            <span className="sr-only">{t("versions.actions")}</span>
          </Th>
        </tr>
      </THead>
      <TBody>
        {sorted.map((version) => {
          const selected = version.id === selectedId;
          const parentNumber = version.parentId ? numberById.get(version.parentId) : undefined;
          return (
            <Tr key={version.id} className={cn(selected && "bg-brand-50/60")} aria-current={selected ? "true" : undefined}>
              <Td className="font-medium whitespace-nowrap">
                {version.status === "draft" ? <Badge tone="warning">{t("versions.draft")}</Badge> : t("versions.number", { number: version.number ?? 0 })}
              </Td>
              <Td>{t.has(`operations.${version.operation}`) ? t(`operations.${version.operation}`) : version.operation}</Td>
              <Td className="text-right tabular-nums">{format.number(version.rowCount)}</Td>
              <Td>
                {version.contentHash ? (
                  <code title={version.contentHash} className="font-mono text-xs text-muted">
                    {shortHash(version.contentHash)}
                  </code>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </Td>
              <Td className="whitespace-nowrap text-muted">
                {parentNumber !== undefined && parentNumber !== null ? t("versions.number", { number: parentNumber }) : "—"}
              </Td>
              <Td className="whitespace-nowrap text-muted">
                {version.createdById && memberNames[version.createdById] && <span className="block text-fg">{memberNames[version.createdById]}</span>}
                {format.dateTime(new Date(version.readyAt ?? version.createdAt), { dateStyle: "medium", timeStyle: "short" })}
              </Td>
              <Td className="max-w-xs text-muted">{version.message || "—"}</Td>
              <Td className="text-right">
                {version.status === "ready" &&
                  (selected ? (
                    <span className="text-xs font-medium text-brand-700">{t("versions.selected")}</span>
                  ) : (
                    <Button size="sm" variant="ghost" onClick={() => onSelect(version.id)} aria-label={t("versions.selectLabel", { number: version.number ?? 0 })}>
                      {t("versions.select")}
                    </Button>
                  ))}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
