import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import enAuth from "../messages/en/auth.json" with { type: "json" };
import enDatasets from "../messages/en/datasets.json" with { type: "json" };
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhDatasetRows from "../messages/zh-CN/datasetRows.json" with { type: "json" };
import zhDatasets from "../messages/zh-CN/datasets.json" with { type: "json" };
import { sharedDataPath } from "../tests/helpers/shared-data";

/**
 * Takes a dataset from upload to export in the browser, in Chinese. The GBK CSV from the shared test data
 * goes through the import wizard's review and commit. The rows table searches it. A labelling shortcut
 * writes to the draft, which is saved as a version. A split makes another version, and its export downloads
 * with every row. The English dataset list is checked at the end.
 */

type Locale = "zh-CN" | "en";
const admin = { email: e2eSettings.adminEmail, password: e2eSettings.adminPassword };
const gbkCsv = sharedDataPath("encoding_variants_zh_csv/intents_200.gbk.csv");

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

/** Returns the part of a catalogue message before its first placeholder, to match text that embeds values. */
function prefixOf(message: string): string {
  return message.split("{")[0]!.trim();
}

test("GBK CSV from upload to export", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await signedIn(browser, "zh-CN");
  const t = zhDatasets;
  const name = `意图-${Date.now()}`;

  await page.goto("/zh-CN/datasets");
  await page.getByRole("button", { name: t.list.new }).first().click();
  await page.getByRole("textbox", { name: t.create.name, exact: true }).fill(name);
  await page.getByRole("button", { name: t.create.submit }).click();
  await page.waitForURL(/\/datasets\/[^/]+\/import/);

  await page.locator('input[type="file"]').setInputFiles(gbkCsv);
  const commit = page.getByRole("button", { name: "导入 200 行" });
  await expect(commit).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(`识别结果：${t.review.encodings.gb18030}`)).toBeVisible();
  await commit.click();

  await expect(page.getByText(t.outcome.completedTitle)).toBeVisible({ timeout: 60_000 });
  await page.getByRole("link", { name: t.outcome.browseRows }).click();
  await page.waitForURL(/\/rows/);

  const rows = zhDatasetRows;
  await page.getByPlaceholder(rows.filters.searchPlaceholder).fill("酒店");
  await expect(page.getByRole("gridcell", { name: /酒店/ }).first()).toBeVisible({ timeout: 30_000 });

  // Labelling: accept the first row with the A shortcut, then save the draft as version 2.
  const datasetUrl = page.url().split("/rows")[0]!;
  await page.goto(`${datasetUrl}/label`);
  await page.getByRole("button", { name: rows.queue.start.action }).click();
  await expect(page.getByText(prefixOf(rows.queue.position)).first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press("a");
  await expect(page.getByText(/已审核 1 \/ 200/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: t.draft.save }).click();
  await page.getByRole("button", { name: t.draft.saveConfirm }).click();
  await expect(page.getByText("已保存为 v2。")).toBeVisible({ timeout: 60_000 });

  // Split the newest version (v2) with the default ratios into v3.
  await page.goto(`${datasetUrl}/split`);
  await page.getByRole("button", { name: /划分 v2 并生成新版本/ }).click();
  await expect(page.getByText("已创建 v3")).toBeVisible({ timeout: 60_000 });

  // Export v3 as OpenAI JSONL and count the downloaded lines.
  await page.goto(`${datasetUrl}/export`);
  await page.getByRole("button", { name: /导出 v3/ }).click();
  await expect(page.getByText(t.export.doneTitle)).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: t.export.download }).first().click()]);
  const content = await readFile((await download.path())!, "utf8");
  expect(content.trim().split("\n")).toHaveLength(200);
  expect(content).toContain("酒店");

  await page.context().close();

  const english = await signedIn(browser, "en");
  await english.goto("/en/datasets");
  await expect(english.getByRole("cell", { name, exact: true })).toBeVisible();
  await expect(english.getByText(enDatasets.types.classification).first()).toBeVisible();
  await english.context().close();
});
