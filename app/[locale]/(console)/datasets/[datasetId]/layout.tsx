import { setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { Suspense, type ReactNode } from "react";
import { DatasetHeader } from "@/components/datasets/header/DatasetHeader";
import { DatasetTabs } from "@/components/datasets/header/DatasetTabs";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getDataset } from "@/lib/datasets/datasets";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

type Props = { children: ReactNode; params: Promise<{ locale: string; datasetId: string }> };

export async function generateMetadata({ params }: Omit<Props, "children">) {
  const { datasetId } = await params;
  const actor = await requireActor("console.read");
  const dataset = await findDataset(actor, datasetId);
  return dataset ? { title: dataset.name } : {};
}

/**
 * Wraps every page of one dataset with its header (name, type, latest version, draft banner) and tabs.
 * A dataset of another workspace, or one that does not exist, shows the not-found page.
 */
export default async function DatasetLayout({ children, params }: Props) {
  const { locale, datasetId } = await params;
  setRequestLocale(locale);

  const actor = await requireActor("console.read");
  if (!(await findDataset(actor, datasetId))) notFound();
  const canWrite = can(actor.role, "datasets.write");

  return (
    <div className="space-y-6">
      <DatasetHeader datasetId={datasetId} canWrite={canWrite} />
      <Suspense>
        <DatasetTabs datasetId={datasetId} />
      </Suspense>
      {children}
    </div>
  );
}

async function findDataset(actor: Actor, datasetId: string) {
  try {
    return await getDataset(db(), actor, datasetId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
