import { getTranslations } from "next-intl/server";
import { DatasetList } from "@/components/datasets/list/DatasetList";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

export async function generateMetadata() {
  const t = await getTranslations("datasets");
  return { title: t("title") };
}

/** Lists the workspace's datasets; roles with datasets.write also get the "New dataset" flow. */
export default async function DatasetsPage() {
  const actor = await requireActor("console.read");
  return <DatasetList canWrite={can(actor.role, "datasets.write")} />;
}
