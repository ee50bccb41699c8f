/**
 * Messages between the OCR supervisor (worker process) and the OCR engine child process. They travel
 * over Node's IPC channel, so each one is a JSON-serialisable object.
 */

/** A point [x, y] in pixels of the image that was sent, origin at the top-left corner. */
export type OcrPoint = [number, number];

/**
 * One recognised line. The corners run clockwise from the region's top-left in the page as read, that
 * is after any whole-page rotation, mapped back to the pixels of the image that was sent.
 */
export type OcrLine = {
  text: string;
  /** Mean character probability from the recognition model, 0 to 1. */
  confidence: number;
  box: [OcrPoint, OcrPoint, OcrPoint, OcrPoint];
};

/** Clockwise whole-page rotation, in degrees, applied before recognition. */
export type PageRotation = 0 | 90 | 180 | 270;

export type OcrResult = {
  lines: OcrLine[];
  /** Width and height of the image as read, after its EXIF orientation: the space the boxes are in. */
  width: number;
  height: number;
  /** Rotation that produced these lines; 0 unless the page was found sideways or upside down. */
  rotation: PageRotation;
  /** Wall time inside the engine, including every rotation tried. */
  ms: number;
};

export type OcrRequest = {
  id: number;
  /** Absolute path of the image file. */
  path: string;
  /** Images with more pixels than this are rejected before decoding (decompression bomb guard). */
  maxPixels: number;
};

/** invalid_image and not_found fail the same way on every retry; engine_failed may not. */
export type OcrFailureCode = "invalid_image" | "not_found" | "engine_failed";

export type OcrResponse =
  | { id: number; ok: true; result: OcrResult }
  | { id: number; ok: false; code: OcrFailureCode; message: string };

/** Sent once after the models are loaded, before the first response. */
export type OcrReadyMessage = { ready: true; loadMs: number };

export type OcrChildMessage = OcrResponse | OcrReadyMessage;
