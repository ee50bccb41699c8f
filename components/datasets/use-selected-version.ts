"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { useVersions } from "./queries";
import type { VersionView } from "./types";

/** Search parameter that carries the chosen version across the dataset's tabs. */
export const VERSION_PARAM = "v";

/**
 * The version chosen in the URL (`?v=<versionId>`), or the newest ready version when the parameter is
 * missing or names a version that is not listed. Drafts count only with `includeDraft`, because tasks
 * such as clean, split and export run on ready versions only.
 */
export function useSelectedVersion(datasetId: string, options: { includeDraft?: boolean } = {}) {
  const versionsQuery = useVersions(datasetId);
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const requestedId = searchParams.get(VERSION_PARAM);

  const choices = useMemo(
    () => (versionsQuery.data ?? []).filter((version) => version.status === "ready" || (options.includeDraft && version.status === "draft")),
    [versionsQuery.data, options.includeDraft],
  );

  const latestReady = useMemo(() => newestReady(choices), [choices]);
  const selected = choices.find((version) => version.id === requestedId) ?? latestReady;

  const selectVersion = useCallback(
    (versionId: string) => {
      const params = new URLSearchParams(searchParams.toString());
      params.set(VERSION_PARAM, versionId);
      router.replace(`${pathname}?${params.toString()}`, { scroll: false });
    },
    [pathname, router, searchParams],
  );

  return { versions: choices, allVersions: versionsQuery.data ?? [], selected, latestReady, selectVersion, query: versionsQuery };
}

export function newestReady(versions: readonly VersionView[]): VersionView | null {
  let newest: VersionView | null = null;
  for (const version of versions) {
    if (version.status !== "ready") continue;
    if (!newest || (version.number ?? 0) > (newest.number ?? 0)) newest = version;
  }
  return newest;
}
