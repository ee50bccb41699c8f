"use client";

import { useTranslations } from "next-intl";
import { DEFAULT_ANSWER_PATTERN, DEFAULT_SELF_CONSISTENCY_TEMPERATURE } from "@/lib/prompts/strategy";
import type { Strategy } from "@/lib/prompts/types";

/** Describes the strategy's settings in words, such as "5 samples at temperature 0.7". */
export function StrategySummary({ strategy }: { strategy: Strategy }) {
  const t = useTranslations("prompts.strategy");
  let shots = t("summary.noShots");
  if (strategy.kind !== "zero_shot" && strategy.shots !== undefined) shots = t("summary.shots", { count: strategy.shots });
  else if (strategy.kind === "few_shot") shots = t("summary.allShots");

  return (
    <div className="space-y-1">
      <p className="font-medium">{t(`kinds.${strategy.kind}`)}</p>
      <p className="text-muted">{t(`help.${strategy.kind}`)}</p>
      <ul className="list-inside list-disc text-muted">
        {strategy.kind !== "zero_shot" && <li>{shots}</li>}
        {strategy.kind === "self_consistency" && (
          <li>{t("summary.samples", { samples: strategy.samples, temperature: strategy.temperature ?? DEFAULT_SELF_CONSISTENCY_TEMPERATURE })}</li>
        )}
        {(strategy.kind === "chain_of_thought" || strategy.kind === "self_consistency") && (
          <li>
            {t("summary.pattern")} <code className="font-mono text-xs">{strategy.answerPattern ?? DEFAULT_ANSWER_PATTERN}</code>
          </li>
        )}
      </ul>
    </div>
  );
}
