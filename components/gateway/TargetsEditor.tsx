"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button, Input } from "@/components/ui";
import { MAX_TARGETS } from "@/lib/gateway/admin/schemas";
import { targetPercents, type TargetRow } from "./form-state";
import { ModelSelect } from "./ModelSelect";
import type { ModelSummary, UsableModel } from "./types";

type Props = { targets: TargetRow[]; onChange: (targets: TargetRow[]) => void; usable: UsableModel[]; known: Map<string, ModelSummary> };

/** Edits the target models and their weights, showing each weight as its share of the traffic. */
export function TargetsEditor({ targets, onChange, usable, known }: Props) {
  const t = useTranslations("gateway.form");
  const percents = targetPercents(targets);

  function update(index: number, patch: Partial<TargetRow>) {
    onChange(targets.map((target, position) => (position === index ? { ...target, ...patch } : target)));
  }

  return (
    <div className="space-y-2">
      {targets.map((target, index) => (
        <div key={index} className="flex flex-wrap items-center gap-2">
          <div className="min-w-64 flex-1">
            <ModelSelect value={target.modelId} onChange={(modelId) => update(index, { modelId })} usable={usable} known={known} label={t("targetModel", { number: index + 1 })} />
          </div>
          {/* Input is a full-width block, so the wrapper sets the width. */}
          <div className="w-24">
            <Input
              aria-label={t("targetWeight", { number: index + 1 })}
              type="number"
              min={0}
              step="any"
              inputMode="decimal"
              value={target.weight}
              onChange={(event) => update(index, { weight: event.target.value })}
            />
          </div>
          <span className="w-16 text-right text-sm tabular-nums text-muted">{t("share", { value: percents[index] ?? 0 })}</span>
          <Button
            variant="ghost"
            size="sm"
            aria-label={t("removeTarget", { number: index + 1 })}
            disabled={targets.length === 1}
            onClick={() => onChange(targets.filter((_, position) => position !== index))}
            icon={<Trash2 className="size-4" aria-hidden />}
          />
        </div>
      ))}
      <Button variant="secondary" size="sm" disabled={targets.length >= MAX_TARGETS} onClick={() => onChange([...targets, { modelId: "", weight: "100" }])} icon={<Plus className="size-4" aria-hidden />}>
        {t("addTarget")}
      </Button>
    </div>
  );
}
