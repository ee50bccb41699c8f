import { defineConfig, devices } from "@playwright/test";

// Fixed ports so the main process and every worker agree on the base URL; override when they clash.
const port = Number(process.env.E2E_PORT ?? 3910);

export const e2eSettings = {
  port,
  gatewayPort: Number(process.env.E2E_GATEWAY_PORT ?? 4910),
  databasePort: Number(process.env.E2E_DB_PORT ?? 5910),
  adminEmail: "admin@e2e.luodi.test",
  adminPassword: "e2e-Admin-password-1",
};

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  // One launcher serves every test; the tests share its database, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot work offline. The networking flags
      // stop Chromium from contacting Google's services, which the closed network refuses.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
