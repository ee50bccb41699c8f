import { getTranslations } from "next-intl/server";
import { MediaGallery } from "@/components/media/MediaGallery";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

export async function generateMetadata() {
  const t = await getTranslations("media");
  return { title: t("title") };
}

/** Renders the multimodal gallery. Roles with media.write also get uploads, tag editing and delete. */
export default async function MultimodalPage() {
  const actor = await requireActor("console.read");
  return <MediaGallery canWrite={can(actor.role, "media.write")} canUseModels={can(actor.role, "models.use")} />;
}
