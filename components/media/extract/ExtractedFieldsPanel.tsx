"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { apiGet } from "@/components/datasets/api";
import { Badge, Card, CardBody, CardHeader, type BadgeTone } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { formatCellValue } from "./cell-value";
import type { ExtractionResultView } from "./types";

const STATUS_TONES: Record<ExtractionResultView["status"], BadgeTone> = { pending: "neutral", valid: "success", invalid: "warning", error: "danger" };

type AssetResult = ExtractionResultView & { runId: string; schemaName: string | null; columns: string[] };

/** Renders the detail view's card of fields extracted from this image, one block per run, newest first. */
export function ExtractedFieldsPanel({ assetId }: { assetId: string }) {
  const t = useTranslations("mediaExtract.fields");
  const tResults = useTranslations("mediaExtract.results");
  const results = useQuery({
    queryKey: ["media-extract", "asset", assetId],
    queryFn: ({ signal }) => apiGet<{ data: AssetResult[] }>(`/extraction-results?assetId=${encodeURIComponent(assetId)}&limit=5`, signal).then((body) => body.data),
  });

  if (!results.data || results.data.length === 0) return null;
  return (
    <Card data-testid="extracted-fields">
      <CardHeader title={t("title")} actions={<Link href="/multimodal/extract" className="text-sm underline">{t("open")}</Link>} />
      <CardBody className="space-y-4">
        {results.data.map((result) => (
          <div key={result.id} className="space-y-1 text-sm">
            <div className="flex items-center gap-2">
              <span className="font-medium">{result.schemaName ?? t("deletedSchema")}</span>
              <Badge tone={STATUS_TONES[result.status]}>{tResults(`resultStatus.${result.status}`)}</Badge>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
              {result.columns.map((column) => (
                <div key={column} className="contents">
                  <dt className="text-muted">{column}</dt>
                  <dd className="break-all">{formatCellValue(result.data?.[column]) || "—"}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </CardBody>
    </Card>
  );
}
