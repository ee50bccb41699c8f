import sharp, { type AvailableFormatInfo } from "sharp";

/**
 * True when this server's sharp can decode HEIC. The HEIF loader of the prebuilt sharp binaries (checked with
 * sharp 0.35.6) decodes only AVIF and lists only ".avif" as its input suffix, while a libvips built against a
 * libheif with an HEVC decoder lists ".heic" too. Read once, when the module loads.
 */
export const HEIC_DECODABLE = canDecodeHeic(sharp.format.heif);

export function canDecodeHeic(heif: AvailableFormatInfo | undefined): boolean {
  if (!heif?.input.buffer) return false;
  return (heif.input.fileSuffix ?? []).includes(".heic");
}
