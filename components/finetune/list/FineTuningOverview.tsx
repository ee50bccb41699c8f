"use client";

import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { buttonClasses, PageHeader } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import { FineTuningTabs } from "./FineTuningTabs";
import { JobList } from "./JobList";
import { ModelVersionList } from "./ModelVersionList";

/** The Fine-tuning area's entry page: jobs or model versions; roles that may launch get "New job". */
export function FineTuningOverview({ tab, canLaunch }: { tab: "jobs" | "models"; canLaunch: boolean }) {
  const t = useTranslations("fineTuning");

  const newButton = canLaunch ? (
    <Link href="/fine-tuning/new" className={buttonClasses("primary")} id="ft-new-job">
      <Plus className="size-4" aria-hidden />
      {t("list.new")}
    </Link>
  ) : null;

  return (
    <div>
      <PageHeader title={t("title")} description={t("description")} actions={newButton} />
      <FineTuningTabs active={tab} />
      {tab === "jobs" ? <JobList canLaunch={canLaunch} /> : <ModelVersionList />}
    </div>
  );
}
