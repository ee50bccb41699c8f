"use client";

import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { apiUrl, useApiErrorMessage } from "@/components/datasets/api";
import { Alert, Card, CardBody, CardHeader, Table, TableEmptyRow, TBody, Td, Th, THead, Tr } from "@/components/ui";
import { useJobFormat } from "./format";
import { useArtifacts } from "./queries";
import type { ArtifactView, FineTuneJobView } from "./types";

const baseName = (filePath: string) => filePath.split(/[\\/]/).filter(Boolean).at(-1) ?? filePath;

/** Tells a file artifact from a folder: a file lists itself as its only file, with the artifact's own hash, while a folder's hash is its manifest's. */
function isSingleFile(artifact: ArtifactView): boolean {
  const [only, ...rest] = artifact.files;
  return rest.length === 0 && only !== undefined && only.sha256 === artifact.sha256 && only.path === baseName(artifact.path);
}

function downloadUrl(jobId: string, artifactId: string, file?: string): string {
  return apiUrl(`/fine-tuning/jobs/${encodeURIComponent(jobId)}/artifacts/${encodeURIComponent(artifactId)}/download`, { file });
}

/**
 * Lists the job's artifacts: adapter, merged or full weights, checkpoint and trainer state, each with size,
 * SHA-256 and a download link. A folder downloads as a tar archive, and its files one by one.
 */
export function ArtifactsTable({ job }: { job: FineTuneJobView }) {
  const t = useTranslations("fineTuningJob.artifacts");
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const { data: artifacts, error, isPending } = useArtifacts(job);

  return (
    <Card>
      <CardHeader as="h3" title={t("title")} description={t("description")} />
      <CardBody className="space-y-3">
        {error && <Alert tone="error">{errorMessage(error)}</Alert>}
        <Table caption={t("title")} captionHidden>
          <THead>
            <tr>
              <Th>{t("kind")}</Th>
              <Th>{t("file")}</Th>
              <Th className="text-right">{t("size")}</Th>
              <Th>{t("sha256")}</Th>
              <Th>
                <span className="sr-only">{t("download")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {isPending && <TableEmptyRow colSpan={5}>{tCommon("loading")}</TableEmptyRow>}
            {artifacts?.length === 0 && <TableEmptyRow colSpan={5}>{t("empty")}</TableEmptyRow>}
            {artifacts?.map((artifact) => <ArtifactRow key={artifact.id} jobId={job.id} artifact={artifact} />)}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}

function ArtifactRow({ jobId, artifact }: { jobId: string; artifact: ArtifactView }) {
  const t = useTranslations("fineTuningJob.artifacts");
  const f = useJobFormat();
  const name = baseName(artifact.path);
  const isFolder = !isSingleFile(artifact);

  return (
    <Tr>
      <Td>{t(`kinds.${artifact.kind}`)}</Td>
      <Td className="max-w-xs">
        <span className="font-mono text-xs" title={artifact.path}>
          {isFolder ? `${name}/` : name}
        </span>
        {isFolder && (
          <details className="mt-1 text-xs">
            <summary className="cursor-pointer text-muted hover:text-fg">{t("files", { count: artifact.files.length })}</summary>
            <ul className="mt-1 space-y-0.5">
              {artifact.files.map((file) => (
                <li key={file.path} className="flex flex-wrap items-baseline gap-2">
                  <a href={downloadUrl(jobId, artifact.id, file.path)} download className="font-mono text-brand-700 underline-offset-2 hover:underline">
                    {file.path}
                  </a>
                  <span className="text-muted tabular-nums">{f.bytes(file.sizeBytes)}</span>
                </li>
              ))}
            </ul>
          </details>
        )}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">{f.bytes(artifact.sizeBytes)}</Td>
      <Td>
        <code className="font-mono text-xs break-all" title={isFolder ? t("manifestHash") : undefined}>
          {artifact.sha256}
        </code>
      </Td>
      <Td>
        <a
          href={downloadUrl(jobId, artifact.id)}
          download
          aria-label={t("downloadLabel", { kind: t(`kinds.${artifact.kind}`), file: name })}
          className="inline-flex items-center gap-1 text-sm font-medium whitespace-nowrap text-brand-700 hover:underline"
        >
          <Download className="size-4" aria-hidden />
          {isFolder ? t("downloadTar") : t("download")}
        </a>
      </Td>
    </Tr>
  );
}
