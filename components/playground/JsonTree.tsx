"use client";

import { useTranslations } from "next-intl";

/** Renders a parsed JSON value as a collapsible tree; objects and arrays fold with native disclosure widgets. */
export function JsonTree({ value }: { value: unknown }) {
  const t = useTranslations("playground.json");
  return (
    <div className="font-mono text-xs leading-5" role="tree" aria-label={t("treeLabel")}>
      <JsonNode value={value} name={null} depth={0} />
    </div>
  );
}

function JsonNode({ value, name, depth, isIndex = false }: { value: unknown; name: string | null; depth: number; isIndex?: boolean }) {
  const t = useTranslations("playground.json");
  const label = name === null ? null : <span className="text-brand-700">{isIndex ? name : JSON.stringify(name)}: </span>;

  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value as Record<string, unknown>);
    const summary = Array.isArray(value) ? t("items", { count: entries.length }) : t("keys", { count: entries.length });
    return (
      <details open={depth < 3} role="treeitem" className="pl-3">
        <summary className="cursor-pointer select-none -ml-3">
          {label}
          <span className="text-muted">
            {Array.isArray(value) ? "[ ]" : "{ }"} {summary}
          </span>
        </summary>
        {entries.map(([key, child]) => (
          <JsonNode key={key} value={child} name={key} isIndex={Array.isArray(value)} depth={depth + 1} />
        ))}
      </details>
    );
  }

  return (
    <div role="treeitem" className="pl-3">
      {label}
      <span className={primitiveClass(value)}>{JSON.stringify(value)}</span>
    </div>
  );
}

function primitiveClass(value: unknown): string {
  if (typeof value === "string") return "text-emerald-700";
  if (typeof value === "number") return "text-amber-700";
  if (typeof value === "boolean") return "text-purple-700";
  return "text-muted";
}
