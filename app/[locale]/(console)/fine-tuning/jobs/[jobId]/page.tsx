import { getTranslations, setRequestLocale } from "next-intl/server";
import { JobDetail } from "@/components/finetune/job/JobDetail";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string; jobId: string }> };

export async function generateMetadata({ params }: Props) {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "fineTuningJob" });
  return { title: t("title") };
}

/** Renders one fine-tuning job live: progress, curves, evaluation, artifacts and log. Cancelling needs training.launch. */
export default async function FineTuningJobPage({ params }: Props) {
  const { locale, jobId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  // Keyed by the job, so moving to another job starts its event timeline from scratch.
  return <JobDetail key={jobId} jobId={jobId} canCancel={can(actor.role, "training.launch")} />;
}
