"use client";

import { Cpu, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { EmptyState } from "@/components/EmptyState";
import { Alert, Button, buttonClasses, Card } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { JobTable } from "./JobTable";
import { useJobSummaries } from "./queries";

/** The jobs tab: every job newest first, refreshed while one is active, or the steps to a first job. */
export function JobList({ canLaunch }: { canLaunch: boolean }) {
  const t = useTranslations("fineTuning.list");
  const query = useJobSummaries();
  const jobs = query.data?.pages.flatMap((page) => page.jobs) ?? [];

  return (
    <div>
      {query.isError && <Alert tone="error">{t("loadFailed")}</Alert>}

      {query.isSuccess && jobs.length === 0 && (
        <Card>
          <EmptyState
            icon={<Cpu className="size-6" />}
            title={t("emptyTitle")}
            description={
              <ol className="list-inside list-decimal space-y-1 text-left">
                <li>{t("emptyStepBaseModel")}</li>
                <li>{t("emptyStepDataset")}</li>
                <li>{t("emptyStepLaunch")}</li>
                <li>{t("emptyStepWatch")}</li>
              </ol>
            }
            actions={
              <>
                <Link href="/fine-tuning/base-models" className={buttonClasses("secondary")}>
                  {t("emptyBaseModels")}
                </Link>
                {canLaunch && (
                  <Link href="/fine-tuning/new" className={buttonClasses("primary")}>
                    <Plus className="size-4" aria-hidden />
                    {t("new")}
                  </Link>
                )}
              </>
            }
          />
        </Card>
      )}

      {jobs.length > 0 && <JobTable jobs={jobs} />}

      {query.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("more")}
          </Button>
        </div>
      )}
    </div>
  );
}
