import { setRequestLocale } from "next-intl/server";
import { Suspense } from "react";
import { DatasetOverview } from "@/components/datasets/overview/DatasetOverview";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";

type Props = { params: Promise<{ locale: string; datasetId: string }> };

/** Renders the dataset's Overview tab: versions, lineage and version diff. */
export default async function DatasetOverviewPage({ params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);
  const actor = await requireActor("console.read");

  // Names of the workspace's members, so the versions table can show who created each version.
  const members = await db().membership.findMany({ where: { workspaceId: actor.workspaceId }, select: { user: { select: { id: true, name: true } } } });
  const memberNames = Object.fromEntries(members.map(({ user }) => [user.id, user.name]));

  return (
    <Suspense>
      <DatasetOverview datasetId={datasetId} canWrite={can(actor.role, "datasets.write")} memberNames={memberNames} />
    </Suspense>
  );
}
