import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import type { RouteHandler } from "@/lib/api/route";
import { startBoss, type PgBoss } from "@/lib/queue/boss";
import { queues } from "@/lib/queue/contract";
import { enqueueWith, type Enqueue } from "@/lib/queue/producer";
import { workQueues } from "@/lib/queue/work";
import { registerInstance } from "@/lib/system/instance";
import { createHandlers } from "@/worker/handlers";
import { DELETE as deleteExport, GET as getExport, PATCH as patchExport } from "@/app/api/v1/media/[assetId]/route";
import { GET as listExport, POST as uploadExport } from "@/app/api/v1/media/route";
import { apiRequest, handlerFor, readData, readJson, seedWorkspace, withParams } from "../api/fixtures";
import { startTestDatabase, type TestDatabase } from "../helpers/database";
import { sharedDataPath } from "../helpers/shared-data";
import { waitFor } from "../helpers/wait-for";

/** Limits the media tests run with, so that bad input stays small. */
export const TEST_LIMITS = { maxMb: 2, maxPixels: 20_000_000, maxAudioSeconds: 5 };

export const OCR_IMAGES = sharedDataPath("ocr_zh_images");

const log = pino({ level: process.env.LOG_LEVEL ?? "silent" });

export type MediaView = {
  id: string;
  kind: string;
  mimeType: string;
  bytes: number;
  sha256: string;
  originalName: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  tags: string[];
  caption: string | null;
  status: string;
  error: string | null;
  ocrStatus: string;
  hasText: boolean;
  urls: { original: string; derived: string | null; thumbnail: string | null };
};
export type UploadOutcome = {
  filename: string;
  status: "created" | "duplicate" | "rejected";
  duplicate: boolean;
  asset: MediaView | null;
  note: { reason: string; message: string } | null;
  error: { code: string; message: string; reason: string | null; params: Record<string, string | number> } | null;
};
export type ErrorBody = {
  error: { code: string; message: string; reason?: string; params?: Record<string, string | number>; details?: { url?: string; filename?: string; code: string; message: string; reason?: string; params?: Record<string, string | number> }[] };
};
export type UploadFile = { name: string; bytes: Buffer };

/**
 * A private database, storage folder and pg-boss instance, with the worker's real media.process handler
 * consuming its queue in this process. Only that queue is consumed, so OCR jobs stay queued.
 */
export async function startMediaHarness() {
  const dataDir = await mkdtemp(path.join(tmpdir(), "luodi-media-"));
  process.env.LUODI_DATA_DIR = dataDir;
  process.env.LUODI_MEDIA_MAX_MB = String(TEST_LIMITS.maxMb);
  process.env.LUODI_MEDIA_MAX_PIXELS = String(TEST_LIMITS.maxPixels);
  process.env.LUODI_MEDIA_MAX_AUDIO_SECONDS = String(TEST_LIMITS.maxAudioSeconds);

  const database: TestDatabase = await startTestDatabase();
  const seed = await seedWorkspace(database.db);
  const boss: PgBoss = await startBoss(database.url, { service: "test-worker", log });
  const enqueue: Enqueue = enqueueWith(boss);
  const instance = await registerInstance(database.db, "worker", { tests: "media" });
  const handlers = createHandlers({ db: database.db, instance, enqueue });
  await workQueues(boss, queues, { "media.process": handlers["media.process"] }, { db: database.db, log }, { concurrency: 2, pollingIntervalSeconds: 0.5 });

  const handler = (exported: RouteHandler) => handlerFor(exported, database.db, { enqueue });

  /** Sends files as one multipart request and returns the raw response. */
  async function uploadRaw(token: string, files: UploadFile[]): Promise<Response> {
    const form = new FormData();
    for (const file of files) form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
    const request = new Request("http://127.0.0.1:3000/api/v1/media", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    return handler(uploadExport)(request);
  }

  async function upload(token: string, files: UploadFile[]): Promise<UploadOutcome[]> {
    const data = await readData<{ files: UploadOutcome[] }>(await uploadRaw(token, files), uploadExport);
    return data.files;
  }

  /** Uploads files that must all be rejected and returns the error body and status. */
  async function uploadRejected(token: string, files: UploadFile[]): Promise<{ status: number; body: ErrorBody }> {
    const response = await uploadRaw(token, files);
    return { status: response.status, body: await readJson<ErrorBody>(response) };
  }

  async function get(token: string, assetId: string): Promise<MediaView> {
    return readData<MediaView>(await handler(getExport)(apiRequest(`/media/${assetId}`, { token }), withParams({ assetId })), getExport);
  }

  async function list(token: string, query: Record<string, string> = {}): Promise<{ data: MediaView[]; nextCursor: string | null }> {
    const search = new URLSearchParams(query).toString();
    const response = await handler(listExport)(apiRequest(`/media${search ? `?${search}` : ""}`, { token }));
    const body = await readJson<{ data: MediaView[]; nextCursor: string | null; error?: unknown }>(response);
    if (!response.ok) throw new Error(`listMedia failed: ${JSON.stringify(body)}`);
    return body;
  }

  async function patch(token: string, assetId: string, body: unknown): Promise<Response> {
    return handler(patchExport)(apiRequest(`/media/${assetId}`, { token, method: "PATCH", body }), withParams({ assetId }));
  }

  async function remove(token: string, assetId: string): Promise<Response> {
    return handler(deleteExport)(apiRequest(`/media/${assetId}`, { token, method: "DELETE" }), withParams({ assetId }));
  }

  /** Polls an asset until its processing finished. */
  async function waitUntilProcessed(token: string, assetId: string): Promise<MediaView> {
    return waitFor(`media ${assetId} to finish processing`, async () => {
      const asset = await get(token, assetId);
      // The job marks the image ready and then queues its OCR, so "processed" waits for both steps.
      const ocrPending = asset.status === "ready" && asset.kind === "image" && asset.ocrStatus === "none";
      return asset.status === "processing" || ocrPending ? null : asset;
    }, { timeoutMs: 60_000, intervalMs: 300 });
  }

  /** File names under one storage folder, such as media or media-thumbnails. */
  async function storedFiles(folder: string): Promise<string[]> {
    return readdir(path.join(dataDir, "storage", folder)).catch(() => []);
  }

  async function stop() {
    await boss.stop({ graceful: false });
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  return { database, db: database.db, seed, dataDir, enqueue, handler, uploadRaw, upload, uploadRejected, get, list, patch, remove, waitUntilProcessed, storedFiles, stop };
}

export type MediaHarness = Awaited<ReturnType<typeof startMediaHarness>>;

/** Builds a PCM WAV file of `seconds` of silence, 8 kHz mono 16-bit. */
export function silentWav(seconds: number): Buffer {
  const sampleRate = 8000;
  const dataBytes = Math.round(seconds * sampleRate) * 2;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

function mp4Box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, body]);
}

function mp4FullBox(type: string, flags: number, ...payload: Buffer[]): Buffer {
  const versionAndFlags = Buffer.alloc(4);
  versionAndFlags.writeUInt32BE(flags, 0);
  return mp4Box(type, versionAndFlags, ...payload);
}

function uint32s(...values: number[]): Buffer {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => buffer.writeUInt32BE(value, index * 4));
  return buffer;
}

/**
 * Builds the smallest M4A (MPEG-4 audio) container a parser accepts: an AAC track of the given length with
 * one silent sample. No encoder is installed here, so the boxes are written by hand.
 */
export function minimalM4a(seconds: number): Buffer {
  const sampleRate = 44_100;
  const movieHeader = Buffer.alloc(96);
  movieHeader.writeUInt32BE(1000, 8);
  movieHeader.writeUInt32BE(Math.round(seconds * 1000), 12);
  movieHeader.writeUInt32BE(0x0001_0000, 16);
  movieHeader.writeUInt16BE(0x0100, 20);
  movieHeader.writeUInt32BE(2, 92);

  const trackHeader = Buffer.alloc(80);
  trackHeader.writeUInt32BE(1, 8);
  trackHeader.writeUInt32BE(Math.round(seconds * 1000), 16);
  const mediaHeader = Buffer.alloc(20);
  mediaHeader.writeUInt32BE(sampleRate, 8);
  mediaHeader.writeUInt32BE(Math.round(seconds * sampleRate), 12);
  const handler = Buffer.concat([Buffer.alloc(4), Buffer.from("soun"), Buffer.alloc(12), Buffer.from("SoundHandler\0")]);

  const audioEntry = Buffer.alloc(28);
  audioEntry.writeUInt16BE(1, 6);
  audioEntry.writeUInt16BE(2, 16);
  audioEntry.writeUInt16BE(16, 18);
  audioEntry.writeUInt32BE(sampleRate * 0x1_0000, 24);
  const sampleTable = mp4Box(
    "stbl",
    mp4FullBox("stsd", 0, uint32s(1), mp4Box("mp4a", audioEntry)),
    mp4FullBox("stts", 0, uint32s(1, 1, Math.round(seconds * sampleRate))),
    mp4FullBox("stsz", 0, uint32s(0, 1, 100)),
  );

  const track = mp4Box("trak", mp4FullBox("tkhd", 7, trackHeader), mp4Box("mdia", mp4FullBox("mdhd", 0, mediaHeader), mp4FullBox("hdlr", 0, handler), mp4Box("minf", sampleTable)));
  return Buffer.concat([mp4Box("ftyp", Buffer.from("M4A "), uint32s(0x200), Buffer.from("M4A mp42isom")), mp4Box("moov", mp4FullBox("mvhd", 0, movieHeader), track), mp4Box("mdat", Buffer.alloc(100))]);
}
