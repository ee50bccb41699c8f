import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/ui";
import { requireActor } from "@/lib/auth/page-guard";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getSystemStatus } from "@/lib/health/check";
import { LUODI_VERSION } from "@/lib/system/version";
import { describeDatabaseMode } from "./database-mode";
import { SystemStatusPanel } from "./SystemStatusPanel";

export async function generateMetadata() {
  const t = await getTranslations("system");
  return { title: t("title") };
}

/** Health of database, queue, worker and gateway, the running processes, and this installation's versions. */
export default async function SystemPage() {
  await requireActor("system.read");
  const config = env();
  const [t, status] = await Promise.all([getTranslations("system"), getSystemStatus(db(), { host: config.HOST, gatewayPort: config.GATEWAY_PORT })]);
  const database = describeDatabaseMode(config);

  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} description={t("description")} />

      <SystemStatusPanel initialStatus={status} checkedAt={Date.now()} />

      <Card>
        <CardHeader title={t("installation.title")} />
        <CardBody>
          <dl className="grid max-w-xl grid-cols-[max-content_1fr] gap-x-8 gap-y-3 text-sm">
            <dt className="text-muted">{t("installation.luodiVersion")}</dt>
            <dd className="font-mono text-fg">{LUODI_VERSION}</dd>
            <dt className="text-muted">{t("installation.nodeVersion")}</dt>
            <dd className="font-mono text-fg">{process.version}</dd>
            <dt className="text-muted">{t("installation.databaseMode")}</dt>
            <dd className="text-fg">
              {t(`installation.databaseModes.${database.mode}`)}
              {database.address && <span className="ml-2 font-mono text-xs text-muted">{database.address}</span>}
            </dd>
          </dl>
        </CardBody>
      </Card>
    </div>
  );
}
