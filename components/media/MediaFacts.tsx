"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useFormatBytes } from "@/components/datasets/format";
import { Card, CardBody, CardHeader } from "@/components/ui";
import type { MediaDetail } from "./types";

/** Lists a file's type, size, dimensions or duration, upload time and content hash. */
export function MediaFacts({ asset }: { asset: MediaDetail }) {
  const t = useTranslations("media.detail");
  const format = useFormatter();
  const formatBytes = useFormatBytes();

  const rows: [string, ReactNode][] = [
    [t("type"), asset.mimeType],
    [t("size"), formatBytes(asset.bytes)],
  ];
  if (asset.width && asset.height) rows.push([t("dimensions"), t("pixels", { width: asset.width, height: asset.height })]);
  if (asset.durationMs !== null) rows.push([t("duration"), t("seconds", { seconds: format.number(asset.durationMs / 1000, { maximumFractionDigits: 1 }) })]);
  rows.push([t("uploaded"), format.dateTime(new Date(asset.createdAt), { dateStyle: "medium", timeStyle: "short" })]);
  rows.push([t("sha256"), <code key="sha" className="text-xs break-all">{asset.sha256}</code>]);

  return (
    <Card>
      <CardHeader title={t("facts")} />
      <CardBody>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted">{label}</dt>
              <dd className="min-w-0">{value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
