"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert, buttonClasses } from "@/components/ui";
import { TabHeader } from "../TabHeader";
import { Link } from "@/i18n/navigation";
import { apiSend, useApiErrorMessage, type ApiItem } from "../api";
import { datasetKeys, useDataset } from "../queries";
import type { ImportView, StoredFileView } from "../types";
import { ImportCancelled, ImportCompleted, ImportFailed } from "./ImportOutcome";
import { ImportReview } from "./ImportReview";
import { ImportRunning } from "./ImportRunning";
import { UploadStep } from "./UploadStep";
import { useImport } from "./use-import";

/** Search parameter holding the import being shown, so a reload or a link from the history resumes it. */
export const IMPORT_PARAM = "import";

/**
 * Renders the import wizard: upload (or paste) a file, then follow the import through analysis, review,
 * commit and its outcome. The import id lives in the URL once the import exists.
 */
export function ImportWizard({ datasetId, canWrite }: { datasetId: string; canWrite: boolean }) {
  const t = useTranslations("datasets.wizard");
  const errorMessage = useApiErrorMessage();
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();
  const importId = searchParams.get(IMPORT_PARAM);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  async function startImport(file: StoredFileView) {
    setCreating(true);
    setFailure(null);
    try {
      const { data } = await apiSend<ApiItem<ImportView>>("POST", `/datasets/${datasetId}/imports`, { fileId: file.id });
      queryClient.setQueryData<ImportView>(datasetKeys.import(data.id), { ...data, file });
      void queryClient.invalidateQueries({ queryKey: datasetKeys.imports(datasetId) });
      router.replace(`${pathname}?${IMPORT_PARAM}=${encodeURIComponent(data.id)}`, { scroll: false });
    } catch (error) {
      setFailure(error);
    } finally {
      setCreating(false);
    }
  }

  return (
    <div className="space-y-4">
      <TabHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href={`/datasets/${datasetId}/imports`} className={buttonClasses("ghost")}>
            {t("history")}
          </Link>
        }
      />
      {importId ? (
        <ImportStatusView key={importId} importId={importId} datasetId={datasetId} canWrite={canWrite} />
      ) : canWrite ? (
        <>
          {failure !== null && <Alert tone="error">{errorMessage(failure)}</Alert>}
          <UploadStep onUploaded={(file) => void startImport(file)} disabled={creating} />
        </>
      ) : (
        <Alert tone="info">{t("readOnly")}</Alert>
      )}
    </div>
  );
}

function ImportStatusView({ importId, datasetId, canWrite }: { importId: string; datasetId: string; canWrite: boolean }) {
  const tCommon = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const queryClient = useQueryClient();
  const { data: dataset } = useDataset(datasetId);
  const { data: datasetImport, error } = useImport(importId);
  const status = datasetImport?.status;

  // A completed import created a version: refresh the header, the version lists and the history.
  useEffect(() => {
    if (status !== "completed") return;
    void queryClient.invalidateQueries({ queryKey: datasetKeys.dataset(datasetId) });
    void queryClient.invalidateQueries({ queryKey: datasetKeys.list() });
  }, [status, datasetId, queryClient]);

  if (error && !datasetImport) return <Alert tone="error">{errorMessage(error)}</Alert>;
  if (!datasetImport) return <p className="text-sm text-muted">{tCommon("loading")}</p>;

  switch (datasetImport.status) {
    case "queued":
    case "analyzing":
    case "importing":
      return <ImportRunning datasetImport={datasetImport} canWrite={canWrite} />;
    case "review":
      return <ImportReview key={datasetImport.updatedAt} datasetImport={datasetImport} dataset={dataset} canWrite={canWrite} />;
    case "completed":
      return <ImportCompleted datasetImport={datasetImport} datasetId={datasetId} />;
    case "failed":
      return <ImportFailed key={datasetImport.updatedAt} datasetImport={datasetImport} datasetId={datasetId} canWrite={canWrite} />;
    case "cancelled":
      return <ImportCancelled datasetId={datasetId} canWrite={canWrite} />;
  }
}
