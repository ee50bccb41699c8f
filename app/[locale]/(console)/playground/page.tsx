import { getTranslations, setRequestLocale } from "next-intl/server";
import { PlaygroundView } from "@/components/playground/PlaygroundView";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props) {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "playground" });
  return { title: t("title") };
}

/** Renders the playground. Calling models spends provider money, so it needs models.use, and saving rows needs datasets.write. */
export default async function PlaygroundPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("models.use");
  return <PlaygroundView canSaveRows={can(actor.role, "datasets.write")} />;
}
