"use client";

import { useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui";
import type { Review, Split } from "@/lib/datasets/model";

const splitTones: Record<Split, BadgeTone> = { train: "brand", validation: "warning", test: "success" };

export function SplitBadge({ split }: { split: Split | null }) {
  const t = useTranslations("datasetRows");
  if (!split) return <span className="text-xs text-muted">{t("splits.none")}</span>;
  return <Badge tone={splitTones[split]}>{t(`splits.${split}`)}</Badge>;
}

export function ReviewBadge({ review }: { review: Review | null }) {
  const t = useTranslations("datasetRows");
  if (!review) return <span className="text-xs text-muted">{t("review.unreviewed")}</span>;
  return <Badge tone={review === "accepted" ? "success" : "danger"}>{t(`review.${review}`)}</Badge>;
}

/** Label badges; at most `max` are shown, then a "+n" count whose full list is in the title. */
export function LabelBadges({ labels, max = 3 }: { labels: string[]; max?: number }) {
  const t = useTranslations("datasetRows");
  if (labels.length === 0) return <span className="text-xs text-muted">{t("labels.none")}</span>;
  const hidden = labels.length - max;
  return (
    <span className="flex min-w-0 flex-wrap gap-1 overflow-hidden" title={labels.join(", ")}>
      {labels.slice(0, max).map((label) => (
        <Badge key={label} className="max-w-full truncate">
          {label}
        </Badge>
      ))}
      {hidden > 0 && <span className="text-xs text-muted">{t("labels.more", { count: hidden })}</span>}
    </span>
  );
}

/** Row flags set by imports and cleaning. Known flags are translated; others show their code. */
export function FlagBadges({ flags }: { flags: string[] }) {
  const t = useTranslations("datasetRows");
  if (flags.length === 0) return null;
  return (
    <span className="flex min-w-0 flex-wrap gap-1 overflow-hidden" title={flags.join(", ")}>
      {flags.map((flag) => (
        <Badge key={flag} tone="warning" className="max-w-full truncate">
          {t.has(`flags.${flag}`) ? t(`flags.${flag}`) : flag}
        </Badge>
      ))}
    </span>
  );
}
