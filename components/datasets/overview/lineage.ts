import type { VersionView } from "../types";

export type LineageLabels = {
  /** Node text of a version, such as "v3 · 1,204 rows". */
  node: (version: VersionView) => string;
  /** Edge text of the operation that produced a version, such as "Cleaned". */
  operation: (version: VersionView) => string;
};

/** Escapes text for a quoted mermaid label; mermaid reads `#quot;` as a double quote. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "#quot;").replace(/[\r\n]+/g, " ")}"`;
}

/**
 * Builds a mermaid flowchart of version lineage: one node per version, oldest on the left, and an edge
 * from each parent to its child labelled with the operation that produced the child. Versions whose parent
 * is not in the list (an import into an empty dataset) start a line of their own. The draft gets a dashed box.
 */
export function buildLineageSource(versions: readonly VersionView[], labels: LineageLabels, selectedId?: string | null): string {
  const ordered = [...versions].sort((a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER));
  const nodeIds = new Map(ordered.map((version, index) => [version.id, `v${index}`]));
  const lines = ["graph LR"];

  for (const version of ordered) lines.push(`  ${nodeIds.get(version.id)}[${quote(labels.node(version))}]`);

  for (const version of ordered) {
    const parent = version.parentId ? nodeIds.get(version.parentId) : undefined;
    if (parent) lines.push(`  ${parent} -->|${quote(labels.operation(version))}| ${nodeIds.get(version.id)}`);
  }

  const draft = ordered.find((version) => version.status === "draft");
  if (draft) lines.push(`  style ${nodeIds.get(draft.id)} stroke-dasharray:4 3`);
  if (selectedId && nodeIds.has(selectedId)) lines.push(`  style ${nodeIds.get(selectedId)} stroke-width:2px,stroke:#2563eb`);
  return lines.join("\n");
}
