import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhCommon from "../messages/zh-CN/common.json" with { type: "json" };
import zh from "../messages/zh-CN/experiments.json" with { type: "json" };
import zhPrompts from "../messages/zh-CN/prompts.json" with { type: "json" };
import { startFakeOpenAi, type FakeOpenAi } from "../tests/helpers/fake-openai";
import { createIntentClassifier, crossWozSample } from "../tests/experiments/crosswoz-intents";

/**
 * The prompt workflow end to end in Chinese: create a template with a few-shot set, run a four-strategy
 * experiment on 50 CrossWOZ intent rows, open the table and a wrong row, publish the winner. A fake
 * OpenAI-compatible provider on loopback answers the intent prompts (right more often with examples and
 * reasoning). Setup that is not the case itself goes through the API: the provider, its loopback allow
 * rule and the dataset import. Everything else is typed and clicked in the console: the few-shot set, the
 * template and its first version, the experiment, the progress bar, the result table and row, and a new
 * version with the winning strategy moved to the production label.
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

/** The version page lists the examples it copied (heading and caption use prompts.version.examples, plural form). */
async function expectCopiedExamples(page: Page, examples: Array<{ input: string; output: string }>) {
  const title = `${examples.length} 个少样本示例`;
  await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  const table = page.getByRole("table", { name: title, exact: true });
  await expect(table.getByRole("cell", { name: examples[0]!.input, exact: true })).toBeVisible();
  await expect(table.getByRole("cell", { name: examples.at(-1)!.output, exact: true })).toBeVisible();
}

async function waitForImport(request: APIRequestContext, importId: string, busy: string[]) {
  await expect
    .poll(async () => (await api<{ status: string }>(request, "GET", `/dataset-imports/${importId}`)).status, { timeout: 90_000, intervals: [1_000] })
    .not.toMatch(new RegExp(`^(${busy.join("|")})$`));
  return api<{ status: string; versionId: string | null; error: string | null }>(request, "GET", `/dataset-imports/${importId}`);
}

test("four-strategy experiment on 50 CrossWOZ intents", async ({ browser }) => {
  test.setTimeout(420_000);
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

  // The few-shot set, typed into the console: an empty set from the dialog, then its examples.
  const setName = `意图示例-${suffix}`;
  await page.goto("/zh-CN/prompts/few-shot");
  await page.getByRole("button", { name: zhPrompts.fewShot.new }).first().click();
  const setDialog = page.getByRole("dialog", { name: zhPrompts.fewShot.create.title });
  await setDialog.getByRole("textbox", { name: zhPrompts.fewShot.create.name, exact: true }).fill(setName);
  await setDialog.getByRole("textbox", { name: zhPrompts.fewShot.create.descriptionLabel, exact: true }).fill("CrossWOZ 用户话语的意图示例");
  await setDialog.getByRole("button", { name: zhPrompts.fewShot.create.submit, exact: true }).click();
  await page.waitForURL(/\/prompts\/few-shot\/[^/]+$/);
  await expect(page.getByRole("heading", { name: setName })).toBeVisible();
  expect(sample.examples.length).toBeGreaterThan(1);
  for (const [index, example] of sample.examples.entries()) {
    await page.getByRole("button", { name: zhPrompts.fewShot.editor.add }).click();
    await page.getByRole("textbox", { name: zhPrompts.fewShot.editor.input, exact: true }).nth(index).fill(example.input);
    await page.getByRole("textbox", { name: zhPrompts.fewShot.editor.output, exact: true }).nth(index).fill(example.output);
  }
  const exampleCount = zhPrompts.fewShot.editor.count.replace("{count}", String(sample.examples.length)).replace("{max}", "\\d+");
  await expect(page.getByText(new RegExp(`^${exampleCount}$`))).toBeVisible();
  await page.getByRole("button", { name: zhCommon.save, exact: true }).click();
  await expect(page.getByText(zhPrompts.fewShot.editor.saved)).toBeVisible();

  // The template from the prompt list, then its first version in the editor: one variable, the set, few-shot.
  const templateName = `intent-${suffix}`;
  await page.goto("/zh-CN/prompts");
  await page.getByRole("button", { name: zhPrompts.list.new }).first().click();
  const templateDialog = page.getByRole("dialog", { name: zhPrompts.create.title });
  await templateDialog.getByRole("textbox", { name: zhPrompts.create.name, exact: true }).fill(templateName);
  await templateDialog.getByRole("textbox", { name: zhPrompts.create.descriptionLabel, exact: true }).fill("旅游客服的用户意图分类");
  await templateDialog.getByRole("button", { name: zhPrompts.create.submit }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}/new$`));

  const messages = zhPrompts.editor.messages;
  await page.getByRole("textbox", { name: messages.content.replace("{number}", "1"), exact: true }).fill(`你是旅游客服的意图分类器。可选意图：${sample.labels.join("、")}。只回答一个意图名称。`);
  await page.getByRole("textbox", { name: messages.content.replace("{number}", "2"), exact: true }).fill("{{utterance}}");
  // Typing the placeholder declares it.
  const variables = zhPrompts.editor.variables;
  await page.getByRole("textbox", { name: variables.descriptionOf.replace("{name}", "utterance"), exact: true }).fill("用户的一句话");
  // The starter variable `input` goes away by itself once its placeholder is replaced.
  await expect(page.getByRole("button", { name: variables.remove.replace("{name}", "input"), exact: true })).toHaveCount(0);
  const strategyFields = zhPrompts.editor.strategy;
  await page
    .getByRole("combobox", { name: strategyFields.examples, exact: true })
    .selectOption({ label: strategyFields.setOption.replace("{name}", setName).replace("{count}", String(sample.examples.length)) });
  await page.getByRole("combobox", { name: strategyFields.strategy, exact: true }).selectOption({ label: zhPrompts.strategy.kinds.few_shot });
  await page.getByRole("textbox", { name: zhPrompts.editor.message, exact: true }).fill("第一个版本：少样本意图分类");
  await page.getByRole("button", { name: zhPrompts.editor.save.replace("{number}", "1") }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}/versions/1$`));
  // The version copied the set's examples.
  await expectCopiedExamples(page, sample.examples);

  // The browser: a four-strategy experiment from the template page.
  await page.getByRole("link", { name: templateName, exact: true }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}$`));
  await page.getByRole("link", { name: zhPrompts.template.runExperiment, exact: true }).click();
  await page.waitForURL(/\/prompts\/experiments\/new\?templateId=/);
  await page.getByRole("textbox", { name: zh.create.name, exact: true }).fill("意图：四种策略");
  const firstVersion = page.getByRole("combobox", { name: zh.create.version, exact: true }).first();
  await expect(firstVersion).not.toHaveValue("", { timeout: 30_000 });
  await page.getByRole("combobox", { name: zh.create.model, exact: true }).first().selectOption(modelId);
  await page.getByRole("button", { name: zh.create.fourStrategies }).click();
  await expect(page.getByRole("group", { name: "变体 4" })).toBeVisible();
  await page.getByRole("combobox", { name: zh.create.dataset, exact: true }).selectOption(dataset.id);
  await expect(page.getByRole("combobox", { name: zh.create.datasetVersion, exact: true })).not.toHaveValue("");
  await expect(page.getByText("50 行 × 4 个变体，其中自洽性变体每行采样 5 次：共 400 次调用")).toBeVisible();
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
  await expect(dialog).toBeHidden();

  // The winner is the strategy with the most correct rows in the result table.
  const variantRows = summary.locator("tbody tr");
  await expect(variantRows).toHaveCount(4);
  const kinds = Object.keys(zh.strategies) as Array<keyof typeof zh.strategies>;
  let winner: { kind: keyof typeof zh.strategies; correct: number } | null = null;
  for (let index = 0; index < 4; index++) {
    const cells = variantRows.nth(index).getByRole("cell");
    const strategyText = (await cells.nth(1).innerText()).trim();
    const kind = kinds.find((candidate) => strategyText.startsWith(zh.strategies[candidate]));
    const correct = Number(/（(\d+)\/50）/.exec(await cells.nth(3).innerText())?.[1]);
    expect(kind, strategyText).toBeDefined();
    expect(Number.isInteger(correct)).toBe(true);
    if (!winner || correct > winner.correct) winner = { kind: kind!, correct };
  }
  expect(winner!.correct).toBeGreaterThan(0);

  // Publishing: a new version with the winning strategy, then production moved to it on the template page.
  await page.goto(`/zh-CN/prompts/${templateName}`);
  await page.getByRole("link", { name: zhPrompts.template.newVersion, exact: true }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}/new$`));
  await expect(page.getByText(zhPrompts.editor.startedFrom.replaceAll("{number}", "1"))).toBeVisible();
  await page.getByRole("combobox", { name: strategyFields.strategy, exact: true }).selectOption({ label: zhPrompts.strategy.kinds[winner!.kind] });
  await page.getByRole("textbox", { name: zhPrompts.editor.message, exact: true }).fill(`采用实验胜出的策略：${zhPrompts.strategy.kinds[winner!.kind]}`);
  await page.getByRole("button", { name: zhPrompts.editor.save.replace("{number}", "2") }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}/versions/2$`));
  // The editor keeps v1's examples for v2.
  await expectCopiedExamples(page, sample.examples);

  await page.getByRole("link", { name: templateName, exact: true }).click();
  await page.waitForURL(new RegExp(`/prompts/${templateName}$`));
  await page.getByRole("combobox", { name: zhPrompts.labels.label, exact: true }).selectOption("production");
  await page.getByRole("combobox", { name: zhPrompts.labels.toVersion, exact: true }).selectOption("2");
  await page.getByRole("button", { name: zhPrompts.labels.move, exact: true }).click();
  const confirm = page.getByRole("dialog", { name: zhPrompts.labels.confirmMoveTitle.replace("{label}", "production") });
  await expect(confirm.getByText(zhPrompts.labels.confirmCreate.replace("{name}", templateName).replace("{label}", "production").replace("{to}", "2"))).toBeVisible();
  await confirm.getByRole("button", { name: zhPrompts.labels.move, exact: true }).click();
  await expect(confirm).toBeHidden();
  const labelRow = page.getByRole("table", { name: zhPrompts.labels.title, exact: true }).getByRole("row").filter({ hasText: "production" });
  await expect(labelRow.getByRole("cell", { name: zhPrompts.labels.version.replace("{number}", "2"), exact: true })).toBeVisible();
  // Callers resolving name@production now get v2 with the winning strategy.
  const published = await api<{ number: number; strategy: { kind: string }; fewShotExamples: unknown[] }>(request, "GET", `/prompts/${templateName}/resolve?label=production`);
  expect(published).toMatchObject({ number: 2, strategy: { kind: winner!.kind } });
  expect(published.fewShotExamples).toHaveLength(sample.examples.length);

  await page.context().close();
});
