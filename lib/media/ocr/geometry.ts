import type { OcrPoint, PageRotation } from "./types";

/**
 * Maps a point found in a rotated and scaled copy of an image back to the original image.
 * `rotation` is clockwise; `scale` is copy pixels per original pixel; width and height are the
 * original's. The copy's top-left is the original's top-left turned by `rotation`, so each
 * case below inverts one sharp `rotate(angle)`.
 */
export function mapPointToOriginal(point: OcrPoint, rotation: PageRotation, scale: number, width: number, height: number): OcrPoint {
  const x = point[0] / scale;
  const y = point[1] / scale;

  let mapped: OcrPoint;
  if (rotation === 90) mapped = [y, height - x];
  else if (rotation === 180) mapped = [width - x, height - y];
  else if (rotation === 270) mapped = [width - y, x];
  else mapped = [x, y];

  return [clamp(Math.round(mapped[0]), 0, width), clamp(Math.round(mapped[1]), 0, height)];
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
