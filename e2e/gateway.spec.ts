import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import OpenAI, { AuthenticationError, NotFoundError } from "openai";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhDashboards from "../messages/zh-CN/dashboards.json" with { type: "json" };
import en from "../messages/en/gateway.json" with { type: "json" };
import zh from "../messages/zh-CN/gateway.json" with { type: "json" };
import zhUsage from "../messages/zh-CN/usage.json" with { type: "json" };
import { startFakeOpenAi, type FakeOpenAi } from "../tests/helpers/fake-openai";

/**
 * The gateway end to end in Chinese. An admin creates a deployment with a 60 s cache and an API key with an
 * RPM limit in the console. An application then calls the gateway with the official openai SDK: a
 * completion, a stream, a cache hit and an unknown model. The dashboards and the usage log show that traffic
 * with its route, the English console renders the gateway page, and a revoked key stops working. Setup that
 * is not the case itself goes through the management API: the fake provider on loopback, its allow rule and
 * one priced chat model.
 */

const MODEL = "gateway-e2e-chat";
const gatewayBaseUrl = `http://127.0.0.1:${e2eSettings.gatewayPort}/v1`;
let fake: FakeOpenAi;

test.beforeAll(async () => {
  fake = await startFakeOpenAi({ models: [MODEL] });
});

test.afterAll(async () => {
  await fake?.close();
});

async function signedIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "Accept-Language": "zh-CN,zh;q=0.9" } });
  const page = await context.newPage();
  await page.goto("/zh-CN/sign-in");
  await page.getByLabel(zhAuth.signIn.email).fill(e2eSettings.adminEmail);
  await page.getByLabel(zhAuth.signIn.password).fill(e2eSettings.adminPassword);
  await page.getByRole("button", { name: zhAuth.signIn.submit }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return page;
}

/** Sends a JSON request with the page's session cookie and returns `data`. */
async function api<T>(request: APIRequestContext, method: "POST" | "PATCH", path: string, body: unknown): Promise<T> {
  const response = await request.fetch(`/api/v1${path}`, { method, data: body });
  const text = await response.text();
  expect(response.ok(), `${method} ${path}: ${text}`).toBe(true);
  return (JSON.parse(text) as { data: T }).data;
}

/** Registers the fake server as a provider with one priced chat model and returns the model's id. */
async function registerModel(request: APIRequestContext, suffix: string): Promise<string> {
  // Other specs share this database and may have allowed loopback already.
  const rule = await request.post("/api/v1/network-allow-rules", { data: { pattern: "127.0.0.1", note: "e2e fake OpenAI server" } });
  expect([201, 409], await rule.text()).toContain(rule.status());
  const provider = await api<{ id: string }>(request, "POST", "/providers", { name: `gateway-fake-${suffix}`, kind: "openai-compatible", baseUrl: fake.url, timeoutMs: 10_000 });
  const { imported } = await api<{ imported: Array<{ id: string }> }>(request, "POST", `/providers/${provider.id}/models`, { models: [MODEL] });
  const modelId = imported[0]!.id;
  await api(request, "PATCH", `/provider-models/${modelId}`, { capabilities: ["chat"], inputPrice: 1, outputPrice: 4, currency: "CNY" });
  return modelId;
}

/** Returns "ok" when the call succeeds, otherwise the error's class name and status, so a failed poll reports the last error. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return "ok";
  } catch (error) {
    if (error instanceof OpenAI.APIError) return `${error.constructor.name} ${error.status}`;
    throw error;
  }
}

test("gateway keys, deployments, SDK calls and dashboards", async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await signedIn(browser);
  const suffix = Date.now().toString(36);
  const modelId = await registerModel(page.request, suffix);
  const deploymentName = `support-chat-${suffix}`;
  const keyName = `客服应用-${suffix}`;

  // A deployment from the console: the model as its only target, responses cached for 60 s.
  await page.goto("/zh-CN/gateway");
  await expect(page.getByRole("heading", { name: zh.title, level: 1 })).toBeVisible();
  await page.getByRole("link", { name: zh.deployments.new }).first().click();
  await page.waitForURL(/\/gateway\/deployments\/new$/);
  await page.getByRole("textbox", { name: zh.form.name, exact: true }).fill(deploymentName);
  await page.getByRole("combobox", { name: zh.form.targetModel.replace("{number}", "1"), exact: true }).selectOption(modelId);
  await page.getByRole("spinbutton", { name: zh.form.cacheTtl, exact: true }).fill("60");
  await page.getByRole("button", { name: zh.form.create, exact: true }).click();
  await page.waitForURL(/\/gateway\/deployments\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { name: deploymentName, level: 1 })).toBeVisible();
  // The "how to call" card points at the gateway this launcher runs.
  await expect(page.getByText(zh.snippet.description.replace("{url}", gatewayBaseUrl))).toBeVisible();

  await page.getByRole("link", { name: zh.detail.back }).click();
  const deployments = page.getByRole("table", { name: zh.deployments.caption });
  const deploymentRow = deployments.getByRole("row").filter({ has: page.getByRole("link", { name: deploymentName, exact: true }) });
  await expect(deploymentRow.getByRole("cell", { name: zh.deployments.seconds.replace("{value}", "60"), exact: true })).toBeVisible();

  // An API key for that deployment only, with an RPM limit; the secret is shown once in a dialog.
  await page.getByRole("link", { name: zh.tabs.keys, exact: true }).click();
  await page.getByRole("button", { name: zh.keys.create }).first().click();
  const keyDialog = page.getByRole("dialog", { name: zh.keyForm.createTitle });
  await keyDialog.getByRole("textbox", { name: zh.keyForm.name, exact: true }).fill(keyName);
  await keyDialog.getByRole("checkbox", { name: zh.keyForm.allowAll }).uncheck();
  await keyDialog.getByRole("checkbox", { name: deploymentName, exact: true }).check();
  await keyDialog.getByRole("spinbutton", { name: zh.keyForm.rpmLimit, exact: true }).fill("60");
  await keyDialog.getByRole("button", { name: zh.keyForm.create, exact: true }).click();

  const secretDialog = page.getByRole("dialog", { name: zh.newKey.title.replace("{name}", keyName) });
  const secretText = secretDialog.getByText(/^lk-/);
  await expect(secretText).toBeVisible();
  const apiKey = (await secretText.innerText()).trim();
  expect(apiKey).toMatch(/^lk-[A-Za-z0-9_-]{43}$/);
  await secretDialog.getByRole("button", { name: zh.newKey.done }).click();
  await expect(secretDialog).toBeHidden();

  const keys = page.getByRole("table", { name: zh.keys.caption });
  const keyRow = keys.getByRole("row").filter({ hasText: keyName });
  await expect(keyRow.getByText(`${apiKey.slice(0, 11)}…`)).toBeVisible();
  await expect(keyRow.getByText(zh.keys.rpm.replace("{value, number}", "60"))).toBeVisible();
  await expect(keyRow.getByText(zh.keys.status.active, { exact: true })).toBeVisible();

  // The official SDK against the gateway. The gateway loads new keys and deployments within its refresh interval.
  const client = new OpenAI({ apiKey, baseURL: gatewayBaseUrl, maxRetries: 0 });
  const question = { model: deploymentName, messages: [{ role: "user" as const, content: "你好，网关" }] };
  await expect.poll(() => outcome(() => client.chat.completions.create(question)), { timeout: 30_000, intervals: [500] }).toBe("ok");
  // The poll's successful call filled the cache, so a fresh question shows a miss first.
  const fresh = { model: deploymentName, messages: [{ role: "user" as const, content: "请介绍一下落地" }] };
  const first = await client.chat.completions.create(fresh).withResponse();
  expect(first.response.headers.get("x-luodi-cache")).toBe("miss");
  expect(first.data.model).toBe(deploymentName);
  expect(first.data.choices[0]?.message.content).toBe("Echo: 请介绍一下落地");
  expect(first.data.usage?.prompt_tokens).toBeGreaterThan(0);

  const streamed = await client.chat.completions.create({ model: deploymentName, messages: [{ role: "user", content: "流式回答" }], stream: true }).withResponse();
  expect(streamed.response.headers.get("x-luodi-cache")).toBe("miss");
  let streamedText = "";
  for await (const chunk of streamed.data) streamedText += chunk.choices[0]?.delta?.content ?? "";
  expect(streamedText).toBe("Echo: 流式回答");

  const upstreamCalls = fake.requests.length;
  const again = await client.chat.completions.create(fresh).withResponse();
  expect(again.response.headers.get("x-luodi-cache")).toBe("hit");
  expect(again.data.choices[0]?.message.content).toBe("Echo: 请介绍一下落地");
  expect(fake.requests.length).toBe(upstreamCalls);

  const unknown = client.chat.completions.create({ model: `no-such-model-${suffix}`, messages: [{ role: "user", content: "hi" }] });
  await expect(unknown).rejects.toBeInstanceOf(NotFoundError);
  await expect(unknown).rejects.toMatchObject({ status: 404, code: "model_not_found" });

  // Dashboards: today's requests and the route in the breakdown. Roll-ups are written in batches, so poll.
  const successfulCalls = 4;
  await page.goto("/zh-CN/dashboards");
  await expect(page.getByRole("heading", { name: zhDashboards.title, level: 1 })).toBeVisible();
  await page.getByRole("combobox", { name: zhDashboards.filters.source, exact: true }).selectOption("gateway");
  const requestsCard = page.getByText(zhDashboards.overview.requests, { exact: true }).locator("..");
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: zhDashboards.filters.refresh, exact: true }).click();
        const value = await requestsCard.locator("p").nth(1).innerText({ timeout: 5_000 }).catch(() => "");
        return Number(value.replace(/[^\d]/g, "") || 0);
      },
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBeGreaterThanOrEqual(successfulCalls);

  const breakdown = page.getByRole("group", { name: zhDashboards.breakdown.groupBy });
  await breakdown.getByRole("button", { name: zhDashboards.breakdown.by.route, exact: true }).click();
  const routes = page.getByRole("table", { name: zhDashboards.breakdown.caption.route });
  const routeRow = routes.getByRole("row").filter({ hasText: deploymentName });
  await expect(routeRow).toBeVisible();
  // The requests cell is the count followed by its share in a nested span.
  const routeRequests = await routeRow.getByRole("cell").nth(1).evaluate((cell) => Number(cell.firstChild?.textContent?.replace(/[^\d]/g, "")));
  expect(routeRequests).toBeGreaterThanOrEqual(successfulCalls);

  // The usage log lists the gateway calls with their route; one opens with its route, target and cost.
  await page.getByRole("link", { name: zhDashboards.openLog }).click();
  await page.waitForURL(/\/dashboards\/usage$/);
  await page.getByRole("textbox", { name: zhUsage.filters.route, exact: true }).fill(deploymentName);
  const log = page.getByRole("table", { name: zhUsage.table.caption });
  const gatewayRows = log.getByRole("row").filter({ hasText: deploymentName }).filter({ hasText: zhUsage.statuses.ok });
  await expect(gatewayRows).toHaveCount(successfulCalls, { timeout: 30_000 });
  const cacheHitRow = gatewayRows.filter({ hasText: zhUsage.handling.cacheHit });
  await expect(cacheHitRow).toHaveCount(1);
  await expect(cacheHitRow.getByText(zhUsage.table.cacheHitCost, { exact: true })).toBeVisible();
  // Cache hits name the model that wrote the answer too, so the upstream call is the row without the hit mark.
  const missRow = gatewayRows.filter({ hasText: MODEL }).filter({ hasNotText: zhUsage.handling.cacheHit }).first();
  await expect(missRow.getByText(zhUsage.sources.gateway, { exact: true })).toBeVisible();
  await expect(missRow.getByText(keyName, { exact: false })).toBeVisible();
  await missRow.getByRole("link").first().click();
  await page.waitForURL(/\/dashboards\/usage\/[^/]+$/);
  const routing = page.getByRole("heading", { name: zhUsage.detail.sections.routing });
  await expect(routing).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: deploymentName })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: MODEL })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /¥/ })).toBeVisible();
  await expect(page.getByText(zhUsage.detail.notStored)).toBeVisible();

  // The English console renders the gateway page with its own headings.
  await page.goto("/en/gateway");
  await expect(page.getByRole("heading", { name: en.title, level: 1 })).toBeVisible();
  const tabs = page.getByRole("navigation", { name: en.tabs.label });
  await expect(tabs.getByRole("link", { name: en.tabs.deployments, exact: true })).toBeVisible();
  await expect(tabs.getByRole("link", { name: en.tabs.keys, exact: true })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: en.deployments.targets })).toBeVisible();
  await tabs.getByRole("link", { name: en.tabs.keys, exact: true }).click();
  await expect(page.getByRole("columnheader", { name: en.keys.limits, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: en.keys.create }).first()).toBeVisible();

  // Revoking the key in the console: the gateway refuses it once it reloads its keys.
  await page.goto("/zh-CN/gateway?tab=keys");
  // The list reads last use and this month's spend from the request log and roll-ups.
  await expect(keyRow).toBeVisible();
  await expect(keyRow.getByText(zh.keys.neverUsed, { exact: true })).toHaveCount(0);
  await expect(keyRow.getByText(zh.keys.noSpend, { exact: true })).toHaveCount(0);
  await keyRow.getByRole("button", { name: zh.keys.revoke, exact: true }).click();
  const confirm = page.getByRole("dialog", { name: zh.keys.revokeTitle.replace("{name}", keyName) });
  await expect(confirm.getByText(zh.keys.revokeBody.replace("{prefix}", apiKey.slice(0, 11)))).toBeVisible();
  await confirm.getByRole("button", { name: zh.keys.revoke, exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(keyRow.getByText(zh.keys.status.revoked, { exact: true })).toBeVisible();

  await expect
    .poll(() => outcome(() => client.chat.completions.create({ model: deploymentName, messages: [{ role: "user", content: `吊销后 ${Date.now()}` }] })), {
      timeout: 30_000,
      intervals: [500],
    })
    .toBe(`${AuthenticationError.name} 401`);

  await page.context().close();
});
