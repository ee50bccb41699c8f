import sharp from "sharp";
import type { PageRotation } from "./types";

/**
 * Longest side, in pixels, of the copy passed to the detection model. Detection time and memory grow with
 * the pixel count (the library builds its input tensor in plain JavaScript arrays), and text in a
 * phone photo stays legible at this size.
 * NOTE: an estimate, not tuned: small print on a large scan may need more.
 */
export const MAX_DETECTION_SIDE = 1600;

/** The detection model takes sides that are multiples of 32; the library resizes to them otherwise. */
const SIDE_MULTIPLE = 32;

/** Decoded image, oriented by EXIF, alpha flattened onto white, scaled to at most MAX_DETECTION_SIDE. */
export type UprightImage = {
  /** Raw interleaved pixels of the scaled copy, `channels` per pixel. */
  pixels: Buffer;
  channels: 3 | 4;
  /** Size of the image as read, after EXIF orientation, before scaling. */
  width: number;
  height: number;
  /** Copy pixels per original pixel, at most 1. */
  scale: number;
  scaledWidth: number;
  scaledHeight: number;
};

/**
 * Decodes an image file once for every rotation tried. EXIF orientation is applied so boxes match the
 * derived copy the console shows. Transparent pixels become white, because some PNGs carry their text
 * only in the alpha channel and the models read RGB.
 */
export async function readUprightImage(path: string, maxPixels: number): Promise<UprightImage> {
  const oriented = await sharp(path, { limitInputPixels: maxPixels, failOn: "error" })
    .rotate()
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = oriented.info;

  const scale = Math.min(1, MAX_DETECTION_SIDE / Math.max(width, height));
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const scaledHeight = Math.max(1, Math.round(height * scale));
  const channels: 3 | 4 = oriented.info.channels === 4 ? 4 : 3;
  const raw = { width, height, channels };
  const pixels = scale < 1 ? await sharp(oriented.data, { raw }).resize(scaledWidth, scaledHeight).raw().toBuffer() : oriented.data;
  return { pixels, channels, width, height, scale, scaledWidth, scaledHeight };
}

/**
 * Encodes the scaled image turned clockwise by `rotation`, padded on the right and bottom to multiples
 * of 32. Padding (instead of the library's stretch-to-fit) keeps boxes in the copy's own pixels, so
 * mapping them back needs only the rotation and the scale.
 */
export async function encodeForDetection(image: UprightImage, rotation: PageRotation): Promise<Buffer> {
  const raw = { width: image.scaledWidth, height: image.scaledHeight, channels: image.channels };
  const turned = rotation === 0 ? { data: image.pixels, info: raw } : await sharp(image.pixels, { raw }).rotate(rotation).raw().toBuffer({ resolveWithObject: true });

  const width = turned.info.width;
  const height = turned.info.height;
  return sharp(turned.data, { raw: { width, height, channels: raw.channels } })
    .extend({ right: padding(width), bottom: padding(height), background: "#ffffff" })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

function padding(side: number): number {
  return Math.ceil(side / SIDE_MULTIPLE) * SIDE_MULTIPLE - side;
}
