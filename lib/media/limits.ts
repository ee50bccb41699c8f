import { env } from "@/lib/env";

export type MediaLimits = {
  maxFileBytes: number;
  maxPixels: number;
  maxAudioSeconds: number;
};

/** Most files one upload request may carry; the console sends one file per request. */
export const MAX_FILES_PER_REQUEST = 100;

/** Reads the media limits from LUODI_MEDIA_MAX_MB, LUODI_MEDIA_MAX_PIXELS and LUODI_MEDIA_MAX_AUDIO_SECONDS. */
export function mediaLimits(): MediaLimits {
  const config = env();
  return {
    maxFileBytes: config.LUODI_MEDIA_MAX_MB * 1024 * 1024,
    maxPixels: config.LUODI_MEDIA_MAX_PIXELS,
    maxAudioSeconds: config.LUODI_MEDIA_MAX_AUDIO_SECONDS,
  };
}

/** Largest multipart request body: four files at the per-file limit, plus room for the part headers. */
export function maxRequestBytes(limits: MediaLimits): number {
  return limits.maxFileBytes * 4 + 1024 * 1024;
}
