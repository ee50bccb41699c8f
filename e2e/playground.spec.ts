import { expect, test, type Locator, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhErrors from "../messages/zh-CN/errors.json" with { type: "json" };
import zhPlayground from "../messages/zh-CN/playground.json" with { type: "json" };
import zhUsage from "../messages/zh-CN/usage.json" with { type: "json" };
import { startFakeOpenAi, type FakeOpenAi } from "../tests/helpers/fake-openai";

/**
 * The playground in Chinese against the loopback OpenAI-compatible test server: two panes stream answers
 * with metrics, a pane on a failing model shows the translated error, Stop ends a long answer and keeps its
 * text, and JSON mode shows the output as a tree that matches the schema. The usage log lists the calls.
 */

const t = zhPlayground;
const MODELS = ["e2e-chat", "e2e-chat-b", "fail-500-e2e"];

let fake: FakeOpenAi;

test.beforeAll(async () => {
  fake = await startFakeOpenAi({ models: MODELS });
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

/** Registers the fake server as a provider through the management API, as an admin would in Settings. */
async function registerProvider(page: Page): Promise<string> {
  const headers = { Origin: new URL(page.url()).origin };
  const rule = await page.request.post("/api/v1/network-allow-rules", { data: { pattern: "127.0.0.1", note: "e2e fake OpenAI server" }, headers });
  expect([201, 409], await rule.text()).toContain(rule.status());

  const providerName = `e2e-fake-${Date.now()}`;
  const created = await page.request.post("/api/v1/providers", { data: { name: providerName, kind: "openai-compatible", baseUrl: fake.url, timeoutMs: 10_000 }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const providerId = ((await created.json()) as { data: { id: string } }).data.id;

  const imported = await page.request.post(`/api/v1/providers/${providerId}/models`, { data: { models: MODELS }, headers });
  expect(imported.status(), await imported.text()).toBe(201);
  const models = ((await imported.json()) as { data: { imported: Array<{ id: string }> } }).data.imported;
  for (const model of models) {
    const patched = await page.request.patch(`/api/v1/provider-models/${model.id}`, {
      data: { capabilities: ["chat"], inputPrice: 1, outputPrice: 2, currency: "CNY" },
      headers,
    });
    expect(patched.status(), await patched.text()).toBe(200);
  }
  return providerName;
}

function pane(page: Page, index: number): Locator {
  return page.getByTestId(`pane-${index}`);
}

async function chooseModel(page: Page, index: number, label: string) {
  await page.getByLabel(t.pane.model.replace("{number}", String(index + 1)), { exact: true }).selectOption({ label });
}

async function ask(page: Page, text: string) {
  await page.getByLabel(t.conversation.content.replace("{number}", "1"), { exact: true }).fill(text);
  await page.getByRole("button", { name: t.send, exact: true }).click();
}

test("playground compares models, shows errors, stops and validates JSON", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  const provider = await registerProvider(page);

  await page.goto("/zh-CN/playground");
  await page.getByRole("button", { name: t.addPane }).click();
  await chooseModel(page, 0, `${provider} / e2e-chat`);
  await chooseModel(page, 1, `${provider} / e2e-chat-b`);

  // Both panes stream the echo and show their metrics.
  await ask(page, "你好，落地");
  for (const index of [0, 1]) {
    await expect(pane(page, index).getByText("Echo: 你好，落地")).toBeVisible({ timeout: 30_000 });
    await expect(pane(page, index).getByText(t.metrics.ttft)).toBeVisible();
    await expect(pane(page, index).getByText(t.metrics.cost)).toBeVisible();
  }

  // A provider failure in one pane is translated; the other pane still answers.
  await chooseModel(page, 1, `${provider} / fail-500-e2e`);
  await ask(page, "再来一次");
  await expect(pane(page, 1).getByText(t.failure.title)).toBeVisible({ timeout: 30_000 });
  await expect(pane(page, 1).getByText(zhErrors.reasons.llm.upstream_status.replace("{status}", "500"))).toBeVisible();
  await expect(pane(page, 0).getByText("Echo: 再来一次")).toBeVisible();

  // Stop ends a long answer, keeps what arrived and leaves nothing spinning.
  await page.getByRole("button", { name: t.pane.remove.replace("{number}", "2") }).click();
  await ask(page, "长".repeat(2000));
  await expect(pane(page, 0).getByText(/Echo: 长/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: t.stop, exact: true }).click();
  await expect(pane(page, 0).getByText(t.failure.stopped)).toBeVisible();
  await expect(pane(page, 0).getByText(t.failure.partialKeptStopped)).toBeVisible();
  await expect(page.getByRole("button", { name: t.send, exact: true })).toBeEnabled();

  // JSON mode: the fake server answers with JSON built from the default schema, shown as a tree.
  await page.getByLabel(t.params.jsonMode).check();
  await ask(page, "请输出 JSON");
  await expect(pane(page, 0).getByRole("tree")).toBeVisible({ timeout: 30_000 });
  await expect(pane(page, 0).getByText(t.json.valid)).toBeVisible();
  await expect(pane(page, 0).getByText('"answer":')).toBeVisible();

  // Every call, the failed and the stopped one included, is in the usage log.
  await page.goto("/zh-CN/dashboards/usage");
  await expect(page.getByRole("cell", { name: "fail-500-e2e" }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("cell", { name: zhUsage.statuses.cancelled }).first()).toBeVisible();
  await expect(page.getByText(zhUsage.totals.requests, { exact: true })).toBeVisible();
});
