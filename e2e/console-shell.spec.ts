import { expect, test, type Browser, type Page } from "@playwright/test";
import { e2eSettings } from "../playwright.config";
import enAuth from "../messages/en/auth.json" with { type: "json" };
import zhAuth from "../messages/zh-CN/auth.json" with { type: "json" };

/**
 * The console frame in both languages: locale detection, sign-in errors, navigation to every area and
 * the language choice following the user across sign-out and sign-in.
 */

const areas = ["datasets", "fine-tuning", "evaluations", "playground", "prompts", "multimodal", "knowledge-bases", "gateway", "dashboards", "audit", "settings"];

const admin = { email: e2eSettings.adminEmail, password: e2eSettings.adminPassword };

function acceptLanguage(locale: "zh-CN" | "en") {
  return { locale, extraHTTPHeaders: { "Accept-Language": locale === "zh-CN" ? "zh-CN,zh;q=0.9" : "en-US,en;q=0.9" } };
}

async function signIn(page: Page, account: { email: string; password: string }, labels = { email: "Email", password: "Password", submit: "Sign in" }) {
  await page.getByLabel(labels.email).fill(account.email);
  await page.getByLabel(labels.password).fill(account.password);
  await page.getByRole("button", { name: labels.submit }).click();
}

const chineseLabels = { email: "邮箱", password: "密码", submit: "登录" };

/** Creates an engineer through the management API, so this file can change its language freely. */
async function createEngineer(browser: Browser): Promise<{ email: string; password: string }> {
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();
  await page.goto("/en/sign-in");
  await signIn(page, admin);
  await page.waitForURL(/\/(en|zh-CN)$/);

  const account = { email: `shell-${Date.now()}@e2e.luodi.test`, password: "shell-Engineer-password-1" };
  const response = await page.request.post("/api/v1/users", {
    data: { ...account, name: "Shell Engineer", role: "engineer" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(response.status(), await response.text()).toBe(201);
  await context.close();
  return account;
}

test("Chinese browser lands on Chinese sign-in", async ({ browser }) => {
  const context = await browser.newContext(acceptLanguage("zh-CN"));
  const page = await context.newPage();

  await page.goto("/");

  await expect(page).toHaveURL(/\/zh-CN\/sign-in/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录落地");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await context.close();
});

test("English browser lands on English sign-in", async ({ browser }) => {
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();

  await page.goto("/");

  await expect(page).toHaveURL(/\/en\/sign-in/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Luodi");
  await context.close();
});

test("wrong password shows an error", async ({ browser }) => {
  const context = await browser.newContext(acceptLanguage("zh-CN"));
  const page = await context.newPage();
  await page.goto("/zh-CN/sign-in");

  await signIn(page, { email: admin.email, password: "not-the-password" }, chineseLabels);

  await expect(page.locator("form").getByRole("alert")).toContainText("邮箱或密码不正确");
  await expect(page).toHaveURL(/\/zh-CN\/sign-in/);
  await context.close();
});

test("console pages redirect to sign-in and back", async ({ browser }) => {
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();

  await page.goto("/en/gateway");
  await expect(page).toHaveURL(/\/en\/sign-in\?callbackUrl=%2Fen%2Fgateway/);

  await signIn(page, admin);
  await expect(page).toHaveURL(/\/(en|zh-CN)\/gateway$/);
  await context.close();
});

const mainNavigationLabel = { en: "Main navigation", "zh-CN": "主导航" } as const;

test("every area opens in both languages", async ({ browser }) => {
  const account = await createEngineer(browser);
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();
  await page.goto("/en/sign-in");
  await signIn(page, account);
  await expect(page).toHaveURL(/\/en$/);

  for (const locale of ["en", "zh-CN"] as const) {
    await page.goto(`/${locale}`);
    for (const area of areas) {
      // The sidebar only: area pages may carry their own tab navigation with the same links.
      const link = page.getByRole("navigation", { name: mainNavigationLabel[locale] }).locator(`a[href="/${locale}/${area}"]`);
      // Engineers cannot read the audit log, so its entry is hidden.
      if (area === "audit") {
        await expect(link).toHaveCount(0);
        continue;
      }
      await link.click();
      await expect(page).toHaveURL(new RegExp(`/${locale}/${area}$`));
      await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toBeVisible();
      await expect(link).toHaveAttribute("aria-current", "page");
    }
  }
  await context.close();
});

test("language choice survives sign-out and sign-in", async ({ browser }) => {
  const account = await createEngineer(browser);
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();
  await page.goto("/en/sign-in");
  await signIn(page, account);
  await expect(page).toHaveURL(/\/en$/);

  await page.goto("/en/datasets");
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page).toHaveURL(/\/zh-CN\/datasets$/);
  await expect(page.getByRole("main").getByRole("heading", { level: 1 })).toHaveText("数据集");

  await page.getByRole("button", { name: /账户菜单/ }).click();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/zh-CN\/sign-in\?reason=signed-out/);

  // A browser without the cookie, on the English sign-in page: the saved choice still wins.
  await context.clearCookies();
  await page.goto("/en/sign-in");
  await signIn(page, account);
  await expect(page).toHaveURL(/\/zh-CN$/);
  await context.close();
});

test("expired session shows a notice", async ({ browser }) => {
  const context = await browser.newContext(acceptLanguage("en"));
  const page = await context.newPage();
  await page.goto("/en/sign-in");
  await signIn(page, admin);
  await page.waitForURL(/\/(en|zh-CN)$/);
  // SessionProvider's own /api/auth/session request refreshes the cookie; let it finish before removing it.
  await page.waitForLoadState("networkidle");

  // The browser drops next-auth's cookie when the session's max age passes; the hint cookie stays.
  const origin = new URL(page.url()).origin;
  const withoutSession = (await context.cookies()).filter((cookie) => !cookie.name.includes("session-token"));
  await context.clearCookies();
  // Re-added by URL: a cookie re-added with an IP address as its domain is not sent back here.
  await context.addCookies(withoutSession.map(({ name, value, sameSite }) => ({ name, value, sameSite, url: origin })));
  await page.goto("/en/prompts");

  await expect(page).toHaveURL(/\/en\/sign-in\?.*reason=expired/);
  await expect(page.locator("form").getByRole("status")).toContainText("Your session has expired");
  await context.close();
});

test("sign-in notices for new passwords", async ({ browser }) => {
  const cases = [
    { locale: "en", reason: "password-changed", text: enAuth.signIn.passwordChanged },
    { locale: "en", reason: "invitation-accepted", text: enAuth.signIn.invitationAccepted },
    { locale: "zh-CN", reason: "password-changed", text: zhAuth.signIn.passwordChanged },
    { locale: "zh-CN", reason: "invitation-accepted", text: zhAuth.signIn.invitationAccepted },
  ] as const;

  for (const { locale, reason, text } of cases) {
    const context = await browser.newContext(acceptLanguage(locale));
    const page = await context.newPage();
    await page.goto(`/${locale}/sign-in?reason=${reason}`);
    await expect(page.locator("form").getByRole("status"), `${locale} ${reason}`).toHaveText(text);
    await context.close();
  }
});
