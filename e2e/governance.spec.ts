import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import enAreas from "../messages/en/areas.json" with { type: "json" };
import enAudit from "../messages/en/audit.json" with { type: "json" };
import enAuth from "../messages/en/auth.json" with { type: "json" };
import enCommon from "../messages/en/common.json" with { type: "json" };
import enNav from "../messages/en/nav.json" with { type: "json" };
import enProfile from "../messages/en/profile.json" with { type: "json" };
import enTokens from "../messages/en/tokens.json" with { type: "json" };
import enUsers from "../messages/en/users.json" with { type: "json" };
import zhAreas from "../messages/zh-CN/areas.json" with { type: "json" };
import zhAudit from "../messages/zh-CN/audit.json" with { type: "json" };
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };
import zhCommon from "../messages/zh-CN/common.json" with { type: "json" };
import zhNav from "../messages/zh-CN/nav.json" with { type: "json" };
import zhProfile from "../messages/zh-CN/profile.json" with { type: "json" };
import zhTokens from "../messages/zh-CN/tokens.json" with { type: "json" };
import zhUsers from "../messages/zh-CN/users.json" with { type: "json" };

/**
 * Governance in the browser. A viewer is rejected from user administration through the page, the REST API
 * and a replayed server action. An admin's role change shows in the audit log in both languages. A password
 * reset on the Users page gives a temporary password that signs the user in. A personal access token made on
 * the Profile page works against the API until it is revoked there.
 */

type Locale = "zh-CN" | "en";
type Account = { email: string; password: string };

const messages = {
  en: { areas: enAreas, audit: enAudit, auth: enAuth, common: enCommon, nav: enNav, profile: enProfile, tokens: enTokens, users: enUsers },
  "zh-CN": { areas: zhAreas, audit: zhAudit, auth: zhAuth, common: zhCommon, nav: zhNav, profile: zhProfile, tokens: zhTokens, users: zhUsers },
} as const;

const admin: Account = { email: e2eSettings.adminEmail, password: e2eSettings.adminPassword };
const baseURL = `http://127.0.0.1:${e2eSettings.port}`;

type UserResource = { id: string; email: string; name: string; role: string; status: string };

/** Fills the `{name}` placeholders of a catalogue message. Plural and select forms are not handled. */
function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (placeholder, key: string) => values[key] ?? placeholder);
}

/** Returns an email address unique to this call, so reruns against the same database never collide. */
function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@e2e.luodi.test`;
}

/** Opens a browser context in `locale` and signs `account` in on that locale's sign-in page. */
async function signedIn(browser: Browser, locale: Locale, account: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale,
    extraHTTPHeaders: { "Accept-Language": locale === "zh-CN" ? "zh-CN,zh;q=0.9" : "en-US,en;q=0.9" },
  });
  const page = await context.newPage();
  const labels = messages[locale].auth.signIn;

  await page.goto(`/${locale}/sign-in`);
  await page.getByLabel(labels.email).fill(account.email);
  await page.getByLabel(labels.password).fill(account.password);
  await page.getByRole("button", { name: labels.submit }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  return { context, page };
}

/** Returns the page's Origin header, which the API checks on cookie-authenticated mutations. */
function originHeader(page: Page) {
  return { Origin: new URL(page.url()).origin };
}

/** Lists the workspace's users through the management API with the admin's session cookie. */
async function listUsers(adminPage: Page): Promise<UserResource[]> {
  const response = await adminPage.request.get("/api/v1/users");
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { data: UserResource[] };
  return body.data;
}

async function createUserThroughApi(adminPage: Page, input: { email: string; name: string; role: string; password: string }): Promise<UserResource> {
  const response = await adminPage.request.post("/api/v1/users", { data: input, headers: originHeader(adminPage) });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { data: UserResource }).data;
}

test("viewer cannot administer users", async ({ browser }) => {
  const en = messages.en;
  const zh = messages["zh-CN"];
  const adminSession = await signedIn(browser, "en", admin);
  const adminPage = adminSession.page;
  const viewer = { email: uniqueEmail("viewer"), name: "Governance Viewer", password: "governance-Viewer-pass-1" };

  // The admin creates the viewer through Settings → Users. The browser's request for the createUser
  // server action is kept, so its action id can be replayed with the viewer's session below.
  await adminPage.goto("/en/settings");
  await adminPage.getByRole("main").getByRole("link", { name: en.areas.settings.users.title }).click();
  await expect(adminPage).toHaveURL(/\/en\/settings\/users$/);
  await adminPage.getByRole("button", { name: en.users.create.open }).click();
  const dialog = adminPage.getByRole("dialog", { name: en.users.create.title });
  await dialog.getByLabel(en.users.fields.email).fill(viewer.email);
  await dialog.getByLabel(en.users.fields.name).fill(viewer.name);
  await dialog.getByLabel(en.users.fields.role).selectOption("viewer");
  await dialog.getByLabel(en.users.fields.initialPassword).fill(viewer.password);
  const createActionRequest = adminPage.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  await dialog.getByRole("button", { name: en.users.create.submit }).click();
  const createAction = await createActionRequest;

  await expect(adminPage.getByRole("status").filter({ hasText: format(en.users.create.done, { email: viewer.email }) })).toBeVisible();
  await expect(dialog).toBeHidden();
  const created = (await listUsers(adminPage)).find((user) => user.email === viewer.email);
  expect(created, "the viewer created in the UI is listed by the API").toBeDefined();
  expect(created?.role).toBe("viewer");
  expect(created?.status).toBe("active");

  // The viewer signs in to the Chinese console: no Audit entry in the navigation.
  const viewerSession = await signedIn(browser, "zh-CN", viewer);
  const viewerPage = viewerSession.page;
  await expect(viewerPage).toHaveURL(/\/zh-CN$/);
  const navigation = viewerPage.getByRole("navigation", { name: zh.nav.label });
  await expect(navigation.getByRole("link", { name: zh.nav.settings })).toBeVisible();
  await expect(navigation.getByRole("link", { name: zh.nav.audit })).toHaveCount(0);
  await expect(navigation.locator('a[href="/zh-CN/audit"]')).toHaveCount(0);

  // The Users page sends the viewer to the forbidden page.
  await viewerPage.goto("/zh-CN/settings/users");
  await expect(viewerPage).toHaveURL(/\/zh-CN\/forbidden$/);
  await expect(viewerPage.getByRole("heading", { level: 1 })).toHaveText(zh.auth.forbidden.title);
  await expect(viewerPage.getByText(format(zh.auth.forbidden.body, { email: viewer.email, role: zh.common.roles.viewer }))).toBeVisible();

  // The REST API rejects the viewer's mutation, and no user is created.
  const apiEmail = uniqueEmail("blocked-api");
  const apiResponse = await viewerPage.request.post("/api/v1/users", {
    data: { email: apiEmail, name: "Blocked Through API", role: "admin", password: "blocked-Api-pass-1" },
    headers: originHeader(viewerPage),
  });
  expect(apiResponse.status(), await apiResponse.text()).toBe(403);
  expect(((await apiResponse.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  expect((await listUsers(adminPage)).map((user) => user.email)).not.toContain(apiEmail);

  // The viewer may open their own Profile page.
  await viewerPage.goto("/zh-CN/profile");
  await expect(viewerPage.getByRole("main").getByRole("heading", { level: 1 })).toHaveText(zh.profile.title);
  await expect(viewerPage.getByRole("main").getByText(zh.common.roles.viewer, { exact: true })).toBeVisible();

  // Replaying the admin's createUser server action with the viewer's cookie returns FORBIDDEN from runAction.
  const [adminInput] = JSON.parse(createAction.postData() ?? "[]") as [Record<string, unknown>];
  expect(adminInput, "the captured server action request carries its input as a JSON array").toMatchObject({ email: viewer.email });
  const actionEmail = uniqueEmail("blocked-action");
  const actionResponse = await viewerPage.request.post("/zh-CN/settings/users", {
    headers: {
      ...originHeader(viewerPage),
      Accept: "text/x-component",
      "Content-Type": createAction.headers()["content-type"] ?? "text/plain;charset=UTF-8",
      "Next-Action": createAction.headers()["next-action"]!,
    },
    data: JSON.stringify([{ ...adminInput, email: actionEmail, name: "Blocked Through Action", role: "admin" }]),
  });
  const actionBody = await actionResponse.text();
  expect(actionResponse.status(), actionBody).toBe(200);
  expect(actionBody).toContain('"code":"FORBIDDEN"');
  expect(actionBody).not.toContain('"ok":true');
  expect((await listUsers(adminPage)).map((user) => user.email)).not.toContain(actionEmail);

  await viewerSession.context.close();
  await adminSession.context.close();
});

test("role change appears in audit log", async ({ browser }) => {
  const adminSession = await signedIn(browser, "en", admin);
  const adminPage = adminSession.page;
  const target = await createUserThroughApi(adminPage, {
    email: uniqueEmail("role-change"),
    name: `Role Change ${Date.now()}`,
    role: "viewer",
    password: "role-Change-pass-1",
  });

  // The admin makes the viewer an engineer on the Users page.
  const en = messages.en;
  await adminPage.goto("/en/settings/users");
  await adminPage.getByLabel(format(en.users.changeRole.label, { name: target.name })).selectOption("engineer");
  await expect(
    adminPage.getByRole("status").filter({ hasText: format(en.users.changeRole.done, { name: target.name, role: en.common.roles.engineer }) }),
  ).toBeVisible();
  const response = await adminPage.request.get(`/api/v1/users/${target.id}`);
  expect(response.status(), await response.text()).toBe(200);
  expect(((await response.json()) as { data: UserResource }).data.role).toBe("engineer");

  // The audit log, filtered by action, shows who changed which user's role from what to what.
  for (const locale of ["en", "zh-CN"] as const) {
    const audit = messages[locale].audit;
    await adminPage.goto(`/${locale}/audit`);
    await adminPage.getByLabel(audit.filters.action, { exact: true }).fill("user.change_role");
    await adminPage.getByRole("button", { name: audit.filters.apply, exact: true }).click();
    await expect(adminPage).toHaveURL(new RegExp(`/${locale}/audit\\?.*action=user\\.change_role`));

    await expect(adminPage.getByRole("columnheader", { name: audit.table.changes, exact: true })).toBeVisible();
    const row = adminPage.getByRole("row").filter({ hasText: target.id });
    await expect(row).toHaveCount(1);
    const cells = row.getByRole("cell");
    await expect(cells.nth(1)).toHaveText(admin.email);
    await expect(cells.nth(2)).toContainText(audit.actionLabels.user_change_role);
    await expect(cells.nth(2)).toContainText("user.change_role");
    await expect(cells.nth(3)).toHaveText(`${audit.targetTypes.user}${target.id}`);
    await expect(cells.nth(4)).toHaveText("role: viewer→engineer");
  }

  await adminSession.context.close();
});

test("reset password gives a working temporary one", async ({ browser }) => {
  const adminSession = await signedIn(browser, "en", admin);
  const adminPage = adminSession.page;
  const target = await createUserThroughApi(adminPage, {
    email: uniqueEmail("reset"),
    name: `Reset Target ${Date.now()}`,
    role: "viewer",
    password: "reset-Target-pass-1",
  });

  // The admin resets the password from the user's row and reads the temporary password once.
  const en = messages.en;
  await adminPage.goto("/en/settings/users");
  await adminPage.getByRole("row").filter({ hasText: target.email }).getByRole("button", { name: en.users.resetPassword.open, exact: true }).click();
  await adminPage
    .getByRole("dialog", { name: format(en.users.resetPassword.title, { name: target.name }) })
    .getByRole("button", { name: en.users.resetPassword.confirm, exact: true })
    .click();
  const result = adminPage.getByRole("dialog", { name: format(en.users.resetPassword.resultTitle, { name: target.name }) });
  await expect(result.getByText(en.users.resetPassword.warning)).toBeVisible();
  const temporaryPassword = (await result.locator("code").textContent())?.trim() ?? "";
  expect(temporaryPassword).toHaveLength(20);
  await result.getByRole("button", { name: en.users.resetPassword.done, exact: true }).click();

  // The user signs in with the temporary password and is asked to choose a new one.
  const userSession = await signedIn(browser, "en", { email: target.email, password: temporaryPassword });
  await expect(userSession.page.getByText(en.common.temporaryPassword.title)).toBeVisible();

  await userSession.context.close();
  await adminSession.context.close();
});

test("personal access token works until revoked", async ({ browser, playwright }) => {
  const tokensText = messages.en.tokens;
  const adminSession = await signedIn(browser, "en", admin);
  const adminPage = adminSession.page;
  const tokenName = `e2e governance ${Date.now()}`;

  // The admin creates a token on the Profile page, which shows the secret only once.
  await adminPage.goto("/en/profile");
  // Required fields' labels end in a hidden "*", so the field is found by its accessible name.
  await adminPage.getByRole("textbox", { name: tokensText.fields.name, exact: true }).fill(tokenName);
  await adminPage.getByRole("button", { name: tokensText.create.submit }).click();
  const revealHeading = adminPage.getByRole("heading", { name: tokensText.create.revealTitle });
  await expect(revealHeading).toBeVisible();
  const secret = revealHeading.locator("xpath=..").locator("code");
  await expect(secret).toHaveText(/^ld_pat_\S+$/);
  const token = (await secret.textContent())!;

  const tokenRow = adminPage.getByRole("row").filter({ hasText: tokenName });
  await expect(tokenRow).toContainText(tokensText.statuses.active);

  // A client without cookies calls the API with the token.
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  expect((await api.storageState()).cookies).toEqual([]);

  const me = await api.get("/api/v1/me");
  expect(me.status(), await me.text()).toBe(200);
  const meBody = (await me.json()) as { data: { email: string; role: string; authMethod: string } };
  expect(meBody.data.email).toBe(admin.email);
  expect(meBody.data.role).toBe("admin");
  expect(meBody.data.authMethod).toBe("token");

  const users = await api.get("/api/v1/users");
  expect(users.status(), await users.text()).toBe(200);
  expect(((await users.json()) as { data: UserResource[] }).data.map((user) => user.email)).toContain(admin.email);

  const openApi = await api.get("/api/v1/openapi.json");
  expect(openApi.status(), await openApi.text()).toBe(200);
  const document = (await openApi.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toMatch(/^3\./);
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/me", "/users"]));

  // Revoking the token in the UI makes the same call fail.
  await tokenRow.getByRole("button", { name: tokensText.revoke.open }).click();
  const dialog = adminPage.getByRole("dialog", { name: format(tokensText.revoke.title, { name: tokenName }) });
  await dialog.getByRole("button", { name: tokensText.revoke.confirm }).click();
  await expect(dialog).toBeHidden();
  await expect(tokenRow).toContainText(tokensText.statuses.revoked);

  const tokens = await adminPage.request.get("/api/v1/tokens");
  expect(tokens.status(), await tokens.text()).toBe(200);
  const stored = ((await tokens.json()) as { data: Array<{ name: string; revokedAt: string | null }> }).data.find((entry) => entry.name === tokenName);
  expect(stored?.revokedAt, "the API lists the token as revoked").toBeTruthy();

  const afterRevoke = await api.get("/api/v1/me");
  expect(afterRevoke.status(), await afterRevoke.text()).toBe(401);
  expect(((await afterRevoke.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");

  await api.dispose();
  await adminSession.context.close();
});

test("admin sees the overview in both languages", async ({ browser }) => {
  for (const locale of ["en", "zh-CN"] as const) {
    const { context, page } = await signedIn(browser, locale, admin);
    await expect(page).toHaveURL(new RegExp(`/${locale}$`));

    const me = await page.request.get("/api/v1/me");
    expect(me.status(), await me.text()).toBe(200);
    const { name } = ((await me.json()) as { data: { name: string } }).data;

    await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText(format(messages[locale].areas.home.welcome, { name }));
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await context.close();
  }
});
