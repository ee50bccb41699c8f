import { setRequestLocale } from "next-intl/server";
import { areaMetadata } from "@/components/console/AreaPlaceholder";
import { FineTuningOverview } from "@/components/finetune/list/FineTuningOverview";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ tab?: string | string[] }> };

export const generateMetadata = areaMetadata("fineTuning");

/** Lists fine-tuning jobs, or model versions with `?tab=models`; roles with training.launch also get "New job". */
export default async function FineTuningPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  const { tab } = await searchParams;
  return <FineTuningOverview tab={tab === "models" ? "models" : "jobs"} canLaunch={can(actor.role, "training.launch")} />;
}
