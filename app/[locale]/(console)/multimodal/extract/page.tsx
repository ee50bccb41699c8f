import { getTranslations } from "next-intl/server";
import { ExtractWorkspace } from "@/components/media/extract/ExtractWorkspace";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

export async function generateMetadata() {
  const t = await getTranslations("mediaExtract");
  return { title: t("title") };
}

/** Renders field extraction: schemas need media.write, runs need models.use, and every role can read results. */
export default async function MediaExtractPage() {
  const actor = await requireActor("console.read");
  return <ExtractWorkspace canWrite={can(actor.role, "media.write")} canRun={can(actor.role, "models.use")} />;
}
