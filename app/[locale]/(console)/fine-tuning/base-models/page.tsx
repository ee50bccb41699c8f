import { getTranslations, setRequestLocale } from "next-intl/server";
import { BaseModelList } from "@/components/finetune/base-models/BaseModelList";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata() {
  const t = await getTranslations("baseModels");
  return { title: t("title") };
}

/** Lists the workspace's base models; roles with training.launch also get the register form. */
export default async function BaseModelsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");
  return <BaseModelList canRegister={can(actor.role, "training.launch")} />;
}
