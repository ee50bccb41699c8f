"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui";
import { MAX_FALLBACKS } from "@/lib/gateway/admin/schemas";
import { ModelSelect } from "./ModelSelect";
import type { ModelSummary, UsableModel } from "./types";

type Props = { fallbacks: string[]; onChange: (fallbacks: string[]) => void; usable: UsableModel[]; known: Map<string, ModelSummary> };

/** Edits the ordered fallback models; the gateway tries them top to bottom. */
export function FallbacksEditor({ fallbacks, onChange, usable, known }: Props) {
  const t = useTranslations("gateway.form");

  function move(index: number, offset: number) {
    const next = [...fallbacks];
    const [entry] = next.splice(index, 1);
    next.splice(index + offset, 0, entry!);
    onChange(next);
  }

  return (
    <div className="space-y-2">
      {fallbacks.length === 0 && <p className="text-sm text-muted">{t("noFallbacks")}</p>}
      {fallbacks.map((modelId, index) => (
        <div key={index} className="flex items-center gap-2">
          <span className="w-6 text-right text-sm tabular-nums text-muted">{index + 1}.</span>
          <div className="min-w-64 flex-1">
            <ModelSelect value={modelId} onChange={(value) => onChange(fallbacks.map((entry, position) => (position === index ? value : entry)))} usable={usable} known={known} label={t("fallbackModel", { number: index + 1 })} />
          </div>
          <Button variant="ghost" size="sm" aria-label={t("moveUp", { number: index + 1 })} disabled={index === 0} onClick={() => move(index, -1)} icon={<ArrowUp className="size-4" aria-hidden />} />
          <Button variant="ghost" size="sm" aria-label={t("moveDown", { number: index + 1 })} disabled={index === fallbacks.length - 1} onClick={() => move(index, 1)} icon={<ArrowDown className="size-4" aria-hidden />} />
          <Button variant="ghost" size="sm" aria-label={t("removeFallback", { number: index + 1 })} onClick={() => onChange(fallbacks.filter((_, position) => position !== index))} icon={<Trash2 className="size-4" aria-hidden />} />
        </div>
      ))}
      <Button variant="secondary" size="sm" disabled={fallbacks.length >= MAX_FALLBACKS} onClick={() => onChange([...fallbacks, ""])} icon={<Plus className="size-4" aria-hidden />}>
        {t("addFallback")}
      </Button>
    </div>
  );
}
