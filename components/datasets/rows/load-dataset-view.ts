import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { getDataset } from "@/lib/datasets/datasets";
import { draftChangeCount } from "@/lib/datasets/drafts";
import { listVersions } from "@/lib/datasets/versions";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { readStats, type PartialStats } from "@/components/datasets/stats/stats-data";
import type { DatasetInfo, VersionOption } from "./types";

/** A version offered to the page, with its statistics read on the server. */
export type VersionWithStats = VersionOption & { stats: PartialStats | null };

export type DatasetView = { dataset: DatasetInfo; versions: VersionWithStats[] };

/**
 * Loads a dataset and its readable versions (the draft first, then ready versions newest first) for the
 * rows, label and statistics pages. Server components only. A dataset outside the actor's workspace
 * renders the not-found page.
 */
export async function loadDatasetView(actor: Actor, datasetId: string): Promise<DatasetView> {
  try {
    const [dataset, versions] = await Promise.all([getDataset(db(), actor, datasetId), listVersions(db(), actor, datasetId)]);
    const draft = versions.find((version) => version.status === "draft");
    const changeCount = draft ? await draftChangeCount(db(), draft.id) : 0;

    const options: VersionWithStats[] = versions
      .filter((version) => version.status === "draft" || version.status === "ready")
      .sort(compareVersions)
      .map((version) => ({
        id: version.id,
        number: version.number,
        status: version.status as "draft" | "ready",
        rowCount: version.rowCount,
        createdAt: version.createdAt.toISOString(),
        ...(version.status === "draft" ? { changeCount } : {}),
        stats: readStats(version.stats),
      }));

    return {
      dataset: { id: dataset.id, name: dataset.name, type: dataset.type, labelSet: dataset.labelSet, multiLabel: dataset.multiLabel },
      versions: options,
    };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** Orders the draft first, then ready versions from the newest. */
function compareVersions(a: { status: string; number: number | null }, b: { status: string; number: number | null }): number {
  if (a.status !== b.status) return a.status === "draft" ? -1 : 1;
  return (b.number ?? 0) - (a.number ?? 0);
}

/** The version named by `?v=`, else the draft when there is one, else the newest ready version. */
export function pickVersion(versions: VersionWithStats[], requested: string | undefined): VersionWithStats | null {
  return versions.find((version) => version.id === requested) ?? versions[0] ?? null;
}

/** Strips statistics for the client, which only needs them for the selected version. */
export function toVersionOption({ stats: _stats, ...version }: VersionWithStats): VersionOption {
  return version;
}

/** Reads one query parameter of a page's searchParams, ignoring repeated values. */
export function queryParam(params: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}
