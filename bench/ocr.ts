// Benchmark: OCR character accuracy and time per image over the hand-transcribed images of
// tests/media/ocr-expected.json. They are Chinese and English photos and scans, plus a copy turned 90°
// and one turned upside down. The worker's OCR engine reads them in its own child process.
//
//   node --import tsx bench/ocr.ts [--threads N]
//
// Writes bench/results/ocr.json. The images come from ../shared/data/ocr_zh_images (or
// LUODI_SHARED_DATA/ocr_zh_images).
import { readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { OcrEngine } from "../lib/media/ocr/engine";
import { readExpectedImages, scoreImages, type ExpectedImage } from "../lib/media/ocr/evaluate";

const root = fileURLToPath(new URL("..", import.meta.url));
const sharedData = process.env.LUODI_SHARED_DATA ?? path.resolve(root, "../shared/data");
const threadsIndex = process.argv.indexOf("--threads");
const threads = threadsIndex > 0 ? Number(process.argv[threadsIndex + 1]) : undefined;

/** Peak resident memory of a process in MiB, from /proc (Linux only; null elsewhere). */
async function peakRssMb(pid: number | null): Promise<number | null> {
  if (pid === null) return null;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : null;
}

async function main(): Promise<void> {
  const images = await readExpectedImages(path.join(root, "tests/media/ocr-expected.json"));
  const workDir = await mkdtemp(path.join(os.tmpdir(), "luodi-bench-ocr-"));
  const engine = new OcrEngine({ threads, timeoutMs: 600_000 });

  const resolveImage = async (image: ExpectedImage) => {
    const source = path.join(sharedData, "ocr_zh_images", image.file);
    if (!image.rotate) return source;
    const target = path.join(workDir, `${image.rotate}-${path.basename(image.file)}.png`);
    await sharp(source).rotate(image.rotate).png().toFile(target);
    return target;
  };

  try {
    // One image first, so the model load does not count as the first image's time.
    await engine.recognize(await resolveImage(images[0]!));
    const { scores, overall, msPerImage } = await scoreImages(engine, images, resolveImage);
    const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";

    const result = {
      images: images.length,
      char_accuracy: Number(overall.toFixed(4)),
      ms_per_image: Math.round(msPerImage),
      machine: `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
      engine_peak_rss_mb: await peakRssMb(engine.pid),
      onnx_threads: threads ?? "onnxruntime default",
      per_image: scores.map((score) => ({ file: score.file, rotate: score.rotate, char_accuracy: Number(score.accuracy.toFixed(4)), ms: score.ms })),
    };
    await writeFile(path.join(root, "bench/results/ocr.json"), `${JSON.stringify(result, null, 2)}\n`);
    for (const score of scores) console.log(`${score.accuracy.toFixed(3)}  ${String(score.ms).padStart(6)} ms  ${score.file} (${score.rotate}°)`);
    console.log(`overall ${result.char_accuracy}, ${result.ms_per_image} ms per image, engine peak RSS ${result.engine_peak_rss_mb} MiB`);
  } finally {
    await engine.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
