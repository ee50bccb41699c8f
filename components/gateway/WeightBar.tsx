"use client";

import { useTranslations } from "next-intl";
import type { DeploymentView } from "./types";

// Segment colours cycle when a deployment has more targets than colours.
const SEGMENT_COLOURS = ["bg-brand-600", "bg-emerald-500", "bg-amber-500", "bg-sky-500", "bg-fuchsia-500", "bg-slate-500"];

/** Shows how a deployment splits its traffic: one bar segment per target, sized by its weight, with a legend. */
export function WeightBar({ targets }: { targets: DeploymentView["targets"] }) {
  const t = useTranslations("gateway.deployments");

  return (
    <div className="min-w-48 space-y-1">
      <div className="flex h-2 w-full overflow-hidden rounded-full bg-subtle" role="img" aria-label={t("weightBarLabel")}>
        {targets.map((target, index) => (
          <div key={target.modelId} className={SEGMENT_COLOURS[index % SEGMENT_COLOURS.length]} style={{ width: `${target.percent}%` }} />
        ))}
      </div>
      <ul className="space-y-0.5 text-xs">
        {targets.map((target, index) => (
          <li key={target.modelId} className="flex items-center gap-1.5">
            <span className={`inline-block size-2 rounded-full ${SEGMENT_COLOURS[index % SEGMENT_COLOURS.length]}`} aria-hidden />
            <span className="truncate">{target.model?.displayName ?? t("deletedModel")}</span>
            <span className="ml-auto tabular-nums text-muted">{t("percent", { value: target.percent })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
