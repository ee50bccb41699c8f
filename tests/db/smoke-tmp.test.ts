import { expect, test } from "vitest";
import { startTestDatabase } from "../helpers/database";
test("smoke", async () => {
  let t = Date.now();
  const a = await startTestDatabase();
  console.log("first", Date.now() - t); t = Date.now();
  const b = await startTestDatabase();
  console.log("second", Date.now() - t);
  expect(await a.db.user.count()).toBe(0);
  await a.stop(); await b.stop();
}, 120000);
