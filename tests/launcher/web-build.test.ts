import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILD_ID_PATH, hashWebSources, recordWebBuild, webBuildReason } from "@/lib/launcher/web-build";

let rootDir: string;

function writeSource(path: string, contents: string) {
  mkdirSync(join(rootDir, path, ".."), { recursive: true });
  writeFileSync(join(rootDir, path), contents);
}

beforeEach(() => {
  rootDir = mkdtempSync(join(tmpdir(), "luodi-web-build-"));
  writeSource("app/page.tsx", "export default function Page() { return null; }");
  writeSource("lib/util.ts", "export const one = 1;");
  writeSource("package-lock.json", "{}");
});

afterEach(() => {
  rmSync(rootDir, { recursive: true, force: true });
});

describe("web build check", () => {
  it("requires a build when .next has none", () => {
    expect(webBuildReason(rootDir, hashWebSources(rootDir, {}))).toBe("no build found in .next");
  });

  it("skips the build when sources are unchanged", () => {
    const hash = hashWebSources(rootDir, {});
    writeSource(BUILD_ID_PATH, "build-1");
    recordWebBuild(rootDir, hash);

    expect(webBuildReason(rootDir, hashWebSources(rootDir, {}))).toBeNull();
  });

  it("requires a build after a source change", () => {
    writeSource(BUILD_ID_PATH, "build-1");
    recordWebBuild(rootDir, hashWebSources(rootDir, {}));

    writeSource("lib/util.ts", "export const one = 2;");

    expect(webBuildReason(rootDir, hashWebSources(rootDir, {}))).toBe("the web sources changed since the last build");
  });

  it("requires a build for a build made without the launcher", () => {
    writeSource(BUILD_ID_PATH, "build-1");

    expect(webBuildReason(rootDir, hashWebSources(rootDir, {}))).toBe("the existing build was not made by the launcher");
  });

  it("hashes NEXT_PUBLIC variables but not others", () => {
    const base = hashWebSources(rootDir, {});

    expect(hashWebSources(rootDir, { DATABASE_URL: "postgresql://x" })).toBe(base);
    expect(hashWebSources(rootDir, { NEXT_PUBLIC_THEME: "dark" })).not.toBe(base);
  });

  it("ignores dot files and unrelated root files", () => {
    const base = hashWebSources(rootDir, {});

    writeSource("app/.DS_Store", "junk");
    writeSource("README.md", "# docs");

    expect(hashWebSources(rootDir, {})).toBe(base);
  });

  it("hashes new files in source folders", () => {
    const base = hashWebSources(rootDir, {});

    writeSource("messages/en.json", "{}");

    expect(hashWebSources(rootDir, {})).not.toBe(base);
  });
});
