"use client";

import { useFormatter, useTranslations } from "next-intl";
import { MermaidDiagram } from "@/components/mermaid/MermaidDiagram";
import type { VersionView } from "../types";
import { buildLineageSource } from "./lineage";

/** Renders a mermaid diagram of how the versions derive from each other, with the same facts as a list for screen readers. */
export function VersionLineage({ versions, selectedId }: { versions: VersionView[]; selectedId: string | null }) {
  const t = useTranslations("datasets");
  const format = useFormatter();

  const nameOf = (version: VersionView) => (version.status === "draft" ? t("versions.draft") : t("versions.number", { number: version.number ?? 0 }));
  const operationOf = (version: VersionView) => (t.has(`operations.${version.operation}`) ? t(`operations.${version.operation}`) : version.operation);
  const byId = new Map(versions.map((version) => [version.id, version]));

  const source = buildLineageSource(
    versions,
    { node: (version) => t("lineage.node", { name: nameOf(version), rows: format.number(version.rowCount) }), operation: operationOf },
    selectedId,
  );

  const steps = [...versions]
    .sort((a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER))
    .map((version) => {
      const parent = version.parentId ? byId.get(version.parentId) : undefined;
      return parent
        ? t("lineage.stepFrom", { name: nameOf(version), operation: operationOf(version), parent: nameOf(parent) })
        : t("lineage.stepRoot", { name: nameOf(version), operation: operationOf(version) });
    });

  return (
    <MermaidDiagram source={source} label={t("lineage.label")} errorText={t("lineage.failed")}>
      <details>
        <summary className="cursor-pointer">{t("lineage.asText")}</summary>
        <ol className="mt-2 list-decimal space-y-0.5 pl-5">
          {steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      </details>
    </MermaidDiagram>
  );
}
