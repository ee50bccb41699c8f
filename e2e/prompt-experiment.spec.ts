import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zh from "../messages/zh-CN/experiments.json" with { type: "json" };
import { startFakeOpenAi, type FakeOpenAi } from "../tests/helpers/fake-openai";
import { createIntentClassifier, crossWozSample } from "../tests/experiments/crosswoz-intents";

/**
 * The four-strategy comparison in Chinese. A fake OpenAI-compatible provider on loopback answers the
 * CrossWOZ intent prompts (right more often with examples and reasoning). Through the API, the spec
 * registers it, imports 50 CrossWOZ user turns and creates a few-shot set and a template. In the browser it
 * starts a zero-shot / few-shot / chain-of-thought / self-consistency experiment and watches the progress
 * bar reach the end. Then it reads the result table and opens a wrong row.
 */

const admin = { email: e2eSettings.adminEmail, password: e2eSettings.adminPassword };
let fake: FakeOpenAi;

test.afterAll(async () => {
  await fake?.close();
});

async function signedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  await page.goto("/zh-CN/sign-in");
  await page.getByLabel(zhAuth.signIn.email).fill(admin.email);
  await page.getByLabel(zhAuth.signIn.password).fill(admin.password);
  await page.getByRole("button", { name: zhAuth.signIn.submit }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return page;
}

/** Sends a JSON request with the page's session cookie and returns `data`. */
async function api<T>(request: APIRequestContext, method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T> {
  const response = await request.fetch(`/api/v1${path}`, { method, ...(body === undefined ? {} : { data: body }) });
  const text = await response.text();
  expect(response.ok(), `${method} ${path}: ${text}`).toBe(true);
  return (JSON.parse(text) as { data: T }).data;
}

async function waitForImport(request: APIRequestContext, importId: string, busy: string[]) {
  await expect
    .poll(async () => (await api<{ status: string }>(request, "GET", `/dataset-imports/${importId}`)).status, { timeout: 90_000, intervals: [1_000] })
    .not.toMatch(new RegExp(`^(${busy.join("|")})$`));
  return api<{ status: string; versionId: string | null; error: string | null }>(request, "GET", `/dataset-imports/${importId}`);
}

test("four-strategy experiment on 50 CrossWOZ intents", async ({ browser }) => {
  test.setTimeout(300_000);
  const sample = crossWozSample(50);
  fake = await startFakeOpenAi({ reply: createIntentClassifier(sample.rows, sample.labels) });
  const page = await signedIn(browser);
  const request = page.request;
  const suffix = Date.now().toString(36);

  // Provider and model on the fake server; loopback needs an allow rule.
  // Other specs share this database and may have allowed loopback already.
  const rule = await request.post("/api/v1/network-allow-rules", { data: { pattern: "127.0.0.1", note: "e2e fake provider" } });
  expect([201, 409], await rule.text()).toContain(rule.status());
  const provider = await api<{ id: string }>(request, "POST", "/providers", { name: `fake-${suffix}`, kind: "openai-compatible", baseUrl: fake.url });
  const { imported } = await api<{ imported: Array<{ id: string }> }>(request, "POST", `/providers/${provider.id}/models`, { models: ["intent-classifier"] });
  const modelId = imported[0]!.id;
  await api(request, "PATCH", `/provider-models/${modelId}`, { capabilities: ["chat"], inputPrice: 2, outputPrice: 8, currency: "CNY" });

  // 50 CrossWOZ user turns through the real import path.
  const dataset = await api<{ id: string }>(request, "POST", "/datasets", { name: `crosswoz-intents-${suffix}` });
  const upload = await request.post(`/api/v1/datasets/uploads?filename=crosswoz_intents_50.jsonl`, { data: sample.jsonl, headers: { "content-type": "application/octet-stream" } });
  expect(upload.ok(), await upload.text()).toBe(true);
  const { file } = ((await upload.json()) as { data: { file: { id: string } } }).data;
  const created = await api<{ id: string }>(request, "POST", `/datasets/${dataset.id}/imports`, { fileId: file.id });
  expect((await waitForImport(request, created.id, ["queued", "analyzing"])).status).toBe("review");
  await api(request, "POST", `/dataset-imports/${created.id}/commit`);
  expect((await waitForImport(request, created.id, ["importing"])).status).toBe("completed");

  // Few-shot set and template through the API: the prompts editor is tested by its own spec.
  const set = await api<{ id: string }>(request, "POST", "/few-shot-sets", { name: `意图示例-${suffix}`, examples: sample.examples });
  const templateName = `intent-${suffix}`;
  const template = await api<{ id: string }>(request, "POST", "/prompts", { name: templateName });
  await api(request, "POST", `/prompts/${templateName}/versions`, {
    messages: [
      { role: "system", content: `你是旅游客服的意图分类器。可选意图：${sample.labels.join("、")}。只回答一个意图名称。` },
      { role: "user", content: "{{utterance}}" },
    ],
    variables: [{ name: "utterance" }],
    fewShotSetId: set.id,
    strategy: { kind: "few_shot" },
  });

  // The browser: a four-strategy experiment from the template.
  await page.goto(`/zh-CN/prompts/experiments/new?templateId=${template.id}`);
  await page.getByRole("textbox", { name: zh.create.name, exact: true }).fill("意图：四种策略");
  const firstVersion = page.getByRole("combobox", { name: zh.create.version, exact: true }).first();
  await expect(firstVersion).not.toHaveValue("", { timeout: 30_000 });
  await page.getByRole("combobox", { name: zh.create.model, exact: true }).first().selectOption(modelId);
  await page.getByRole("button", { name: zh.create.fourStrategies }).click();
  await expect(page.getByRole("group", { name: "变体 4" })).toBeVisible();
  await page.getByRole("combobox", { name: zh.create.dataset, exact: true }).selectOption(dataset.id);
  await expect(page.getByRole("combobox", { name: zh.create.datasetVersion, exact: true })).not.toHaveValue("");
  await expect(page.getByText("50 行 × 4 个变体 = 400 次调用")).toBeVisible();
  await page.getByRole("button", { name: zh.create.submit }).click();

  await page.waitForURL(/\/prompts\/experiments\/(?!new)[^/]+$/, { timeout: 30_000 });
  const progress = page.getByRole("progressbar", { name: zh.detail.progressLabel });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 180_000 });
  await expect(page.getByText(zh.status.completed).first()).toBeVisible({ timeout: 30_000 });

  // The result table: one row per strategy, with accuracy and interval, and the chart.
  const summary = page.getByRole("table", { name: zh.detail.summaryTitle });
  for (const strategy of Object.values(zh.strategies)) await expect(summary.getByRole("cell", { name: strategy, exact: false }).first()).toBeVisible();
  await expect(summary.getByText(/%（\d+\/50）/).first()).toBeVisible();
  await expect(page.getByRole("img", { name: zh.detail.chartLabel })).toBeVisible();

  // A wrong row opens with its expected value, answer, samples and request.
  await page.getByRole("button", { name: zh.rows.filters.wrong, exact: true }).click();
  const rows = page.getByRole("table", { name: zh.rows.caption });
  const openButton = rows.getByRole("button", { name: /^打开第 \d+ 行$/ }).first();
  await expect(openButton).toBeVisible({ timeout: 30_000 });
  await openButton.click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(zh.result.expected, { exact: true })).toBeVisible();
  await expect(dialog.getByText(zh.rows.wrong, { exact: true })).toBeVisible();
  await expect(dialog.getByText(zh.result.request, { exact: true })).toBeVisible();
  await expect(dialog.getByText(zh.result.sample.replace("{number}", "1"))).toBeVisible();
  await dialog.getByRole("button", { name: zh.result.close }).last().click();

  await page.context().close();
});
