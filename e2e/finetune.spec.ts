import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import en from "../messages/en/fineTuningJob.json" with { type: "json" };
import zh from "../messages/zh-CN/fineTuningJob.json" with { type: "json" };
import { sharedDataPath } from "../tests/helpers/shared-data";

/**
 * A LoRA chat fine-tune launched from the console and watched live, in Chinese. Setup that is not the case
 * itself goes through the management API: the tiny random Llama (built by luodi_runtime.tiny) registered as
 * a base model, and a CrossWOZ chat dataset with train, validation and test splits. The launch form then
 * starts a 4-step job, and the job page, never reloaded, must show the loss curve, the validation step,
 * the before/after evaluation, the artifacts and the registered model version. The English page is
 * checked once at the end.
 *
 * The launcher's worker runs the trainer, so LUODI_PYTHON_ENV must be set for `npx playwright test`.
 */

const pythonEnv = process.env.LUODI_PYTHON_ENV;
const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));
const execFileAsync = promisify(execFile);


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
async function api<T>(request: APIRequestContext, method: "GET" | "POST", apiPath: string, body?: unknown): Promise<T> {
  const response = await request.fetch(`/api/v1${apiPath}`, { method, ...(body === undefined ? {} : { data: body }) });
  const text = await response.text();
  expect(response.ok(), `${method} ${apiPath}: ${text}`).toBe(true);
  return (JSON.parse(text) as { data: T }).data;
}

/** Builds (or copies from its cache) the tiny random Llama with its trained tokenizer and returns the model folder. */
async function buildTinyModel(outDir: string): Promise<string> {
  const { stdout } = await execFileAsync(path.join(pythonEnv ?? "", "bin", "python"), ["-m", "luodi_runtime.tiny", outDir], {
    cwd: repositoryRoot,
    env: { ...process.env, PYTHONPATH: path.join(repositoryRoot, "trainer") },
    timeout: 240_000,
  });
  return (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { modelPath: string }).modelPath;
}

/** Returns the first user turn and reply of CrossWOZ dialogues as JSONL, cut short for the tiny model, with a split per row. */
function crossWozChats(splits: Record<"train" | "validation" | "test", number>): string {
  const lines = readFileSync(sharedDataPath("dialogue_zh_crosswoz", "dialogues_openai_chat_100.jsonl"), "utf8").split("\n").filter(Boolean);
  const order = Object.entries(splits).flatMap(([split, count]) => Array<string>(count).fill(split));
  const rows = order.map((split, index) => {
    const dialogue = JSON.parse(lines[index]!) as { messages: { role: string; content: string }[] };
    const user = dialogue.messages.find((message) => message.role === "user")!;
    const answer = dialogue.messages[dialogue.messages.indexOf(user) + 1]!;
    return JSON.stringify({ messages: [{ role: "user", content: user.content.slice(0, 30) }, { role: "assistant", content: answer.content.slice(0, 30) }], split });
  });
  return `${rows.join("\n")}\n`;
}

async function waitForImport(request: APIRequestContext, importId: string, busy: string[]) {
  await expect
    .poll(async () => (await api<{ status: string }>(request, "GET", `/dataset-imports/${importId}`)).status, { timeout: 90_000, intervals: [1_000] })
    .not.toMatch(new RegExp(`^(${busy.join("|")})$`));
  return api<{ status: string; versionId: string | null; error: string | null }>(request, "GET", `/dataset-imports/${importId}`);
}

/** Imports the chat rows into a new dataset and returns its version id. */
async function importChatDataset(request: APIRequestContext, name: string): Promise<string> {
  const dataset = await api<{ id: string }>(request, "POST", "/datasets", { name });
  const upload = await request.post("/api/v1/datasets/uploads?filename=crosswoz_chats.jsonl", {
    data: crossWozChats({ train: 8, validation: 3, test: 2 }),
    headers: { "content-type": "application/octet-stream" },
  });
  expect(upload.ok(), await upload.text()).toBe(true);
  const { file } = ((await upload.json()) as { data: { file: { id: string } } }).data;
  const created = await api<{ id: string }>(request, "POST", `/datasets/${dataset.id}/imports`, { fileId: file.id });
  expect((await waitForImport(request, created.id, ["queued", "analyzing"])).status).toBe("review");
  await api(request, "POST", `/dataset-imports/${created.id}/commit`);
  const committed = await waitForImport(request, created.id, ["importing"]);
  expect(committed.status, committed.error ?? "").toBe("completed");
  return committed.versionId!;
}

/** Fills the launch form's settings for a 4-step run on the tiny model; the ids are the form's stable field ids. */
async function fillTinySettings(page: Page) {
  const values: Record<string, string> = {
    "#ft-lora-rank": "4",
    "#ft-lora-alpha": "8",
    "#ft-learning-rate": "0.005",
    "#ft-max-steps": "4",
    "#ft-batch-size": "2",
    "#ft-max-length": "192",
    "#ft-eval-steps": "2",
    "#ft-save-steps": "2",
    "#ft-logging-steps": "1",
    "#ft-eval-max-rows": "2",
    "#ft-eval-max-new-tokens": "4",
    "#ft-eval-batch-size": "2",
  };
  for (const [selector, value] of Object.entries(values)) await page.locator(selector).fill(value);
}

test.describe.serial("fine-tuning console", () => {
  const suffix = Date.now().toString(36);
  let workDir: string;
  let page: Page;
  let baseModel: { id: string };
  let versionId: string;

  test.beforeAll(async ({ browser }) => {
    test.skip(!pythonEnv, "LUODI_PYTHON_ENV is not set, so the launcher's worker cannot run the trainer");
    test.setTimeout(300_000);
    workDir = mkdtempSync(path.join(tmpdir(), "luodi-e2e-finetune-"));
    page = await signedIn(browser);
    const [modelPath, chatVersionId] = await Promise.all([buildTinyModel(workDir), importChatDataset(page.request, `crosswoz-chats-${suffix}`)]);
    versionId = chatVersionId;
    baseModel = await api<{ id: string }>(page.request, "POST", "/base-models", { name: `tiny-llama-${suffix}`, source: "local", localPath: modelPath });
  });

  test.afterAll(async () => {
    await page?.context().close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  test("LoRA job launched from the console and watched live", async () => {
    test.setTimeout(300_000);
    const request = page.request;

    // The launch form, with the base model and dataset version preselected through its query parameters.
    await page.goto(`/zh-CN/fine-tuning/new?baseModelId=${baseModel.id}&datasetVersionId=${versionId}`);
    await expect(page.locator("#ft-base-model")).toHaveValue(baseModel.id);
    await expect(page.locator("#ft-dataset-version")).toHaveValue(versionId);
    await page.locator("#ft-task").selectOption("chat_sft");
    await page.locator("#ft-method").selectOption("lora");
    const jobName = `客服对话-LoRA-${suffix}`;
    await page.locator("#ft-name").fill(jobName);
    await fillTinySettings(page);
    await page.locator("#ft-launch").click();

    // The job page opens and updates itself: this test never reloads it.
    // Launching plans the job with the trainer first, which takes seconds on a busy CPU.
    await page.waitForURL(/\/zh-CN\/fine-tuning\/jobs\/[^/]+$/, { timeout: 120_000 });
    const jobId = page.url().split("/").at(-1)!;
    await expect(page.getByRole("heading", { level: 1, name: jobName })).toBeVisible();
    await expect(page.getByRole("heading", { name: zh.pipeline.title })).toBeVisible();

    const lossChart = page.getByRole("figure", { name: zh.charts.lossTitle, exact: true });
    await expect(lossChart.locator(".recharts-line-curve").first()).toBeVisible({ timeout: 180_000 });
    await expect(lossChart.locator("tbody tr").first()).toBeAttached();
    await expect(page.getByRole("figure", { name: zh.charts.learningRateTitle, exact: true }).locator(".recharts-line-curve").first()).toBeVisible();

    // The validation table fills at step 2 (eval_steps), before or after the job ends.
    const evalTable = page.getByRole("table", { name: zh.evalSteps.title });
    await expect(evalTable.getByRole("row").filter({ has: page.getByRole("cell", { name: "2", exact: true }) })).toHaveCount(1, { timeout: 120_000 });

    await expect(page.getByText(zh.status.succeeded, { exact: true }).first()).toBeVisible({ timeout: 180_000 });
    await expect(page.getByRole("progressbar", { name: zh.progress.label })).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByText(zh.pipeline.finished)).toBeVisible();

    // Before/after on the 2 test rows: the chat metrics, base against fine-tuned.
    const evaluation = page.getByRole("table", { name: zh.evaluation.tableCaption });
    for (const metric of [zh.evaluation.metrics.exact_match, zh.evaluation.metrics.rouge_l, zh.evaluation.metrics.perplexity]) {
      await expect(evaluation.getByRole("rowheader", { name: metric })).toBeVisible();
    }
    // The tiny random model may score 0 on both sides, which draws no bar, so the chart is checked by its legend.
    await expect(page.getByRole("figure", { name: zh.evaluation.chartLabel }).locator(".recharts-legend-item")).toHaveCount(2);

    const artifacts = page.getByRole("table", { name: zh.artifacts.title });
    await expect(artifacts.getByRole("cell", { name: zh.artifacts.kinds.adapter, exact: true })).toBeVisible();
    await expect(artifacts.getByRole("cell", { name: zh.artifacts.kinds.checkpoint, exact: true })).toBeVisible();
    // The row's download link is named after its kind and folder (downloadLabel), such as "下载适配器（PEFT） adapter".
    const adapterLink = artifacts.getByRole("link", { name: zh.artifacts.kinds.adapter });
    await expect(adapterLink).toHaveAttribute("href", new RegExp(`/api/v1/fine-tuning/jobs/${jobId}/artifacts/[^/]+/download$`));

    const job = await api<{ externalId: string; status: string }>(request, "GET", `/fine-tuning/jobs/${jobId}`);
    expect(job.status).toBe("succeeded");
    await expect(page.getByText(new RegExp(`^ft:tiny-llama-${suffix}:${job.externalId}$`))).toBeVisible();

    // The same job in English.
    await page.goto(`/en/fine-tuning/jobs/${jobId}`);
    await expect(page.getByRole("heading", { name: en.evaluation.title })).toBeVisible();
    await expect(page.getByText(en.status.succeeded, { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("table", { name: en.evaluation.tableCaption }).getByRole("rowheader", { name: en.evaluation.metrics.exact_match })).toBeVisible();
  });

  test("running job cancelled from its page", async () => {
    test.setTimeout(240_000);
    const request = page.request;

    // Enough steps to still be running when the cancel arrives; a checkpoint every 2 steps.
    const hyperparameters = { lora_rank: 4, lora_alpha: 8, learning_rate: 0.005, max_steps: 5000, batch_size: 2, max_length: 192, eval_steps: 1000, save_steps: 2, logging_steps: 1 };
    const body = { name: `取消测试-${suffix}`, baseModelId: baseModel.id, datasetVersionId: versionId, task: "chat_sft", method: "lora", hyperparameters, evaluation: { max_rows: 2, max_new_tokens: 4, batch_size: 2 } };
    const launched = await api<{ id: string }>(request, "POST", "/fine-tuning/jobs", body);

    await page.goto(`/zh-CN/fine-tuning/jobs/${launched.id}`);
    await expect(page.getByText(zh.status.running, { exact: true }).first()).toBeVisible({ timeout: 120_000 });
    await expect
      .poll(async () => (await api<{ lastCheckpoint: string | null }>(request, "GET", `/fine-tuning/jobs/${launched.id}`)).lastCheckpoint, { timeout: 120_000, intervals: [1_000] })
      .not.toBeNull();

    // The header button opens a confirmation; its confirm button has the same label, so it is found inside the dialog.
    await page.getByRole("button", { name: zh.cancel.button }).click();
    const dialog = page.getByRole("dialog", { name: zh.cancel.title.replace("{name}", body.name) });
    await expect(dialog.getByText(zh.cancel.body)).toBeVisible();
    await dialog.getByRole("button", { name: zh.cancel.confirm }).click();

    await expect(page.getByText(zh.status.cancelled, { exact: true }).first()).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText(zh.failure.cancelledTitle)).toBeVisible();
    await expect(page.getByRole("button", { name: zh.cancel.button })).toHaveCount(0);

    // The last good checkpoint is offered and downloads as a tar archive.
    const checkpointLink = page.getByRole("link", { name: zh.failure.downloadCheckpoint });
    await expect(checkpointLink).toHaveAttribute("href", `/api/v1/fine-tuning/jobs/${launched.id}/checkpoint/download`);
    const download = await request.get(`/api/v1/fine-tuning/jobs/${launched.id}/checkpoint/download`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toBe("application/x-tar");
    expect((await download.body()).length).toBeGreaterThan(1024);
  });
});
