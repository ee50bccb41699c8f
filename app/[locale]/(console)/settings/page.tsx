import { ChevronRight, Cpu, Network, Server, ShieldCheck, UserRound, Users } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Badge } from "@/components/ui/Badge";
import { PageHeader } from "@/components/ui/PageHeader";
import { Link } from "@/i18n/navigation";
import { requireActor } from "@/lib/auth/page-guard";
import { can, type Permission } from "@/lib/auth/roles";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "nav" });
  return { title: t("settings") };
}

const sections = [
  { key: "profile", href: "/profile", icon: UserRound, permission: "profile.update", adminOnly: false },
  { key: "users", href: "/settings/users", icon: Users, permission: "users.manage", adminOnly: true },
  { key: "system", href: "/settings/system", icon: Server, permission: "system.read", adminOnly: false },
  // Areas with their own catalogue name the prefix of their title and description; others use areas.settings.<key>.
  { key: "providers", href: "/settings/providers", icon: Cpu, permission: "providers.manage", adminOnly: true, messages: "providers.settingsSections.providers" },
  { key: "network", href: "/settings/network", icon: Network, permission: "providers.manage", adminOnly: true, messages: "providers.settingsSections.network" },
  { key: "media", href: "/settings/media", icon: ShieldCheck, permission: "policies.manage", adminOnly: true, messages: "mediaAudio.policy.section" },
] as const satisfies ReadonlyArray<{ key: string; href: string; icon: unknown; permission: Permission; adminOnly: boolean; messages?: string }>;

/** The settings index: links to the settings pages the user's role may open. */
export default async function SettingsPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);

  const actor = await requireActor();
  const t = await getTranslations("areas.settings");
  const tCommon = await getTranslations("common");
  const tRoot = await getTranslations();
  const prefix = (section: (typeof sections)[number]) => ("messages" in section ? section.messages : `areas.settings.${section.key}`);
  const visible = sections.filter((section) => can(actor.role, section.permission));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ul className="divide-y divide-border overflow-hidden rounded-lg border border-border bg-surface shadow-xs">
        {visible.map((section) => {
          const Icon = section.icon;
          return (
            <li key={section.key}>
              <Link href={section.href} className="flex items-center gap-4 px-5 py-4 hover:bg-subtle focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500">
                <span aria-hidden className="grid size-9 shrink-0 place-items-center rounded-md bg-brand-50 text-brand-600">
                  <Icon className="size-5" />
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-center gap-2 font-medium text-fg">
                    {tRoot(`${prefix(section)}.title`)}
                    {section.adminOnly && <Badge>{tCommon("adminOnly")}</Badge>}
                  </span>
                  <span className="mt-0.5 block text-sm text-muted">{tRoot(`${prefix(section)}.description`)}</span>
                </span>
                <ChevronRight aria-hidden className="size-4 shrink-0 text-muted" />
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
