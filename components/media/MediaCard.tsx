"use client";

import { FileAudio, ImageOff, Loader2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Link } from "@/i18n/navigation";
import { cn } from "@/components/ui/cn";
import { StatusBadges } from "./StatusBadges";
import type { MediaSummary } from "./types";

type MediaCardProps = {
  asset: MediaSummary;
  selected: boolean;
  selectable: boolean;
  onToggle: (id: string, extend: boolean) => void;
};

/** Renders one tile of the gallery: the thumbnail (or an audio icon), the file name, tags and status, with a selection box. */
export function MediaCard({ asset, selected, selectable, onToggle }: MediaCardProps) {
  const t = useTranslations("media.gallery");

  return (
    <li
      data-testid="media-card"
      data-status={asset.status}
      className={cn("group relative overflow-hidden rounded-lg border bg-surface", selected ? "border-brand-500 ring-2 ring-brand-500" : "border-border")}
    >
      <Link href={`/multimodal/${asset.id}`} className="block focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        <div className="flex aspect-square items-center justify-center bg-subtle">
          <Preview asset={asset} />
        </div>
        <div className="space-y-1 p-2">
          <p className="truncate text-xs font-medium" title={asset.originalName}>
            {asset.originalName}
          </p>
          <StatusBadges asset={asset} compact />
          {asset.tags.length > 0 && (
            <p className="truncate text-xs text-muted" title={asset.tags.join(", ")}>
              {asset.tags.map((tag) => `#${tag}`).join(" ")}
            </p>
          )}
        </div>
      </Link>
      {selectable && (
        <label className={cn("absolute top-2 left-2 rounded bg-surface/90 p-1 shadow-sm", selected ? "opacity-100" : "opacity-70 group-hover:opacity-100")}>
          <span className="sr-only">{t("select", { name: asset.originalName })}</span>
          <input
            type="checkbox"
            className="block size-4 accent-brand-600"
            checked={selected}
            onChange={() => undefined}
            onClick={(event) => onToggle(asset.id, event.shiftKey)}
          />
        </label>
      )}
    </li>
  );
}

function Preview({ asset }: { asset: MediaSummary }) {
  const t = useTranslations("media.gallery");
  if (asset.kind === "audio") return <FileAudio className="size-10 text-muted" aria-label={t("audioFile")} />;
  if (asset.urls.thumbnail) {
    // Thumbnails come from the API with the session cookie, so next/image's optimiser cannot fetch them.
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={asset.urls.thumbnail} alt={asset.originalName} loading="lazy" className="size-full object-contain" />;
  }
  if (asset.status === "failed") return <ImageOff className="size-10 text-red-600" aria-label={t("failed")} />;
  return <Loader2 className="size-8 animate-spin text-muted" aria-label={t("processing")} />;
}
