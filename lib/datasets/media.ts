import { existsSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/** Folder that local image paths in chat rows are resolved against: LUODI_DATA_DIR/media. */
export function mediaRoot(): string {
  return path.resolve(env().LUODI_DATA_DIR, "media");
}

/**
 * Checks that a local image path names a file inside the media folder. Paths that climb out of it
 * count as missing, so a dataset cannot probe the server's file system.
 */
export function createImageResolver(root = mediaRoot()) {
  const seen = new Map<string, boolean>();
  return (reference: string): boolean => {
    const cached = seen.get(reference);
    if (cached !== undefined) return cached;
    const target = path.resolve(root, reference.replace(/^file:\/\//, ""));
    const inside = target.startsWith(root + path.sep);
    const found = inside && existsSync(target);
    if (seen.size < 100_000) seen.set(reference, found);
    return found;
  };
}
