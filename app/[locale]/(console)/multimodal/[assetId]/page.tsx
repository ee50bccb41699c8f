import { getTranslations } from "next-intl/server";
import { MediaDetailView } from "@/components/media/MediaDetailView";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

export async function generateMetadata() {
  const t = await getTranslations("media");
  return { title: t("detail.title") };
}

/** Renders one media file: the image with OCR boxes or the audio player, with its tags, caption and text. */
export default async function MediaDetailPage({ params }: { params: Promise<{ assetId: string }> }) {
  const actor = await requireActor("console.read");
  const { assetId } = await params;
  return <MediaDetailView assetId={assetId} canWrite={can(actor.role, "media.write")} canAsk={can(actor.role, "models.use")} />;
}
