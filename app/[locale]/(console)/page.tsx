import { ArrowRight } from "lucide-react";
import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { MermaidDiagram } from "@/components/mermaid/MermaidDiagram";
import { Card, CardBody, CardHeader } from "@/components/ui/Card";
import { navItems, visibleNavKeys } from "@/components/console/nav-items";
import { Link } from "@/i18n/navigation";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { getUser } from "@/lib/users/users";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "areas" });
  return { title: t("home.metaTitle") };
}

const loopNodes = ["dataset", "fineTune", "evaluation", "registry", "prompt", "experiment", "knowledgeBase", "gateway", "requestLog", "dashboards", "nextDataset"] as const;

const loopStages = ["data", "train", "ship", "observe"] as const;

/** Quotes a label for a mermaid node; mermaid writes a double quote inside a label as #quot;. */
function mermaidLabel(text: string): string {
  return `"${text.replaceAll('"', "#quot;")}"`;
}

/** The overview: a welcome, the loop from data to production as a diagram, and a card per area. */
export default async function HomePage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);

  const actor = await requireActor();
  const profile = actor.userId ? await getUser(db(), actor, actor.userId) : null;
  const t = await getTranslations("areas");
  const tCommon = await getTranslations("common");

  const label = Object.fromEntries(loopNodes.map((node) => [node, mermaidLabel(t(`home.loopSteps.${node}`))])) as Record<(typeof loopNodes)[number], string>;
  // The request log feeds a separate "next dataset version" node instead of an edge back to the first one,
  // because mermaid's layout breaks a cycle by reversing an arbitrary edge and scrambles the order.
  const diagram = [
    "flowchart TD",
    `  D[${label.dataset}] --> F[${label.fineTune}] --> E[${label.evaluation}] --> R[${label.registry}]`,
    `  P[${label.prompt}] --> X[${label.experiment}] --> R`,
    `  R --> G[${label.gateway}] --> L[${label.requestLog}] --> M[${label.dashboards}]`,
    `  K[${label.knowledgeBase}] --> G`,
    `  L -. ${mermaidLabel(t("home.loopSteps.feedback"))} .-> N[${label.nextDataset}]`,
  ].join("\n");

  const visible = new Set(visibleNavKeys(actor.role));
  const areaCards = navItems.filter((item) => item.key !== "home" && visible.has(item.key));

  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("home.welcome", { name: profile?.name ?? actor.email ?? "" })}</h1>
        <p className="max-w-3xl text-sm leading-relaxed text-muted">{t("home.intro")}</p>
      </section>

      <Card>
        <CardHeader title={t("home.loopTitle")} description={t("home.loopDescription")} />
        <CardBody className="grid items-start gap-8 md:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
          <ol className="space-y-5">
            {loopStages.map((stage, index) => (
              <li key={stage} className="flex gap-3">
                <span aria-hidden className="grid size-6 shrink-0 place-items-center rounded-full bg-brand-600 text-xs font-semibold text-white">
                  {index + 1}
                </span>
                <div className="space-y-1">
                  <p className="text-sm font-medium text-fg">{t(`home.stages.${stage}.title`)}</p>
                  <p className="text-sm leading-relaxed text-muted">{t(`home.stages.${stage}.body`)}</p>
                </div>
              </li>
            ))}
          </ol>
          <MermaidDiagram source={diagram} label={t("home.loopList")} errorText={`${tCommon("diagram.failed")} ${t("home.loopList")}`} />
        </CardBody>
      </Card>

      <section aria-labelledby="areas-heading" className="space-y-4">
        <h2 id="areas-heading" className="text-base font-semibold text-fg">
          {t("home.areasTitle")}
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {areaCards.map((item) => {
            const Icon = item.icon;
            return (
              <li key={item.key}>
                <Link
                  href={item.href}
                  className="group flex h-full flex-col rounded-lg border border-border bg-surface p-5 shadow-xs transition hover:border-brand-300 hover:shadow-sm focus-visible:outline-2 focus-visible:outline-brand-500"
                >
                  <span className="flex items-center gap-3">
                    <span aria-hidden className="grid size-9 place-items-center rounded-md bg-brand-50 text-brand-600">
                      <Icon className="size-5" />
                    </span>
                    <span className="font-medium text-fg">{t(`${item.key}.title`)}</span>
                  </span>
                  <span className="mt-3 flex-1 text-sm leading-relaxed text-muted">{t(`${item.key}.summary`)}</span>
                  <span className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-brand-600">
                    {t("home.open")}
                    <ArrowRight aria-hidden className="size-4 transition-transform group-hover:translate-x-0.5" />
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
