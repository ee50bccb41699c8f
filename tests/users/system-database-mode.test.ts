import { describe, expect, test } from "vitest";
import { describeDatabaseMode } from "@/app/[locale]/(console)/settings/system/database-mode";

describe("describeDatabaseMode", () => {
  test("launcher setting wins", () => {
    const mode = describeDatabaseMode({ DATABASE_URL: "postgresql://u:secret@127.0.0.1:5433/postgres", EMBEDDED_DB_PORT: 5433, LUODI_DATABASE_MODE: "external" });

    expect(mode).toEqual({ mode: "external", address: "127.0.0.1:5433" });
  });

  test("loopback on embedded port is embedded", () => {
    expect(describeDatabaseMode({ DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable", EMBEDDED_DB_PORT: 5433 }).mode).toBe("embedded");
  });

  test("other host is external without credentials", () => {
    const mode = describeDatabaseMode({ DATABASE_URL: "postgres://luodi:hunter2@db.internal:5432/luodi", EMBEDDED_DB_PORT: 5433 });

    expect(mode).toEqual({ mode: "external", address: "db.internal:5432" });
    expect(JSON.stringify(mode)).not.toContain("hunter2");
  });

  test("loopback on another port is external", () => {
    expect(describeDatabaseMode({ DATABASE_URL: "postgres://u:p@localhost/luodi", EMBEDDED_DB_PORT: 5433 }).mode).toBe("external");
  });
});
