import type { OcrErrorCode } from "./ocr/errors";

export type OcrJobErrorCode = OcrErrorCode | "no_derived_copy" | "not_an_image";

/**
 * Messages the media.ocr job stores in MediaAsset.ocrError, by failure code. The console translates a
 * stored message through ocrErrorCodeOf and the mediaOcr namespace (key errors.<code>).
 */
export const OCR_ERROR_MESSAGES: Record<OcrJobErrorCode, string> = {
  invalid_image: "The image could not be decoded, so no text was read. Upload it again as JPEG or PNG.",
  not_found: "The image file is missing from storage, so no text was read. Upload the image again.",
  no_derived_copy: "The image has no processed copy yet, so no text was read. Process the image again.",
  not_an_image: "Text recognition runs on images only.",
  engine_failed: "Text recognition failed inside the OCR engine. Run OCR again; if it fails again, check the worker log.",
  engine_crashed: "The OCR engine stopped while reading this image. Run OCR again; if it fails again, check the worker log.",
  engine_start_failed: "The OCR engine could not start. Check the worker log for the reason.",
  engine_closed: "The worker stopped while the image was waiting for OCR. Run OCR again.",
  timeout: "Text recognition took too long and was stopped. Try a smaller image.",
  queue_full: "Too many images were waiting for OCR. Run OCR again later.",
};

/** Returns the code of a stored ocrError message, or null for text this module did not write. */
export function ocrErrorCodeOf(message: string | null): OcrJobErrorCode | null {
  if (!message) return null;
  const entry = Object.entries(OCR_ERROR_MESSAGES).find(([, text]) => text === message);
  return entry ? (entry[0] as OcrJobErrorCode) : null;
}
