import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancellation } from "@/lib/net/cancellation";
import { guardedUpstreamRequest } from "@/lib/net/guarded-upstream";

describe("Cancellation", () => {
  it("runs listeners once in order", () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    cancellation.addEventListener("abort", () => calls.push("first"));
    cancellation.addEventListener("abort", () => calls.push("second"));

    cancellation.abort("gone");
    cancellation.abort("again");

    expect(calls).toEqual(["first", "second"]);
    expect(cancellation.aborted).toBe(true);
    expect(cancellation.reason).toBe("gone");
  });

  it("skips removed and late listeners", () => {
    const cancellation = new Cancellation();
    const calls: string[] = [];
    const removed = () => calls.push("removed");
    cancellation.addEventListener("abort", removed);
    cancellation.removeEventListener("abort", removed);
    cancellation.removeEventListener("abort", () => calls.push("never added"));

    cancellation.abort(new Error("stop"));
    cancellation.addEventListener("abort", () => calls.push("late"));

    expect(calls).toEqual([]);
  });
});

describe("Cancellation as undici's request signal", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Sends no response, so only the signal can end a request.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const policy = { allowRules: ["127.0.0.1"] };

  it("cancels an undici request in flight", async () => {
    const cancellation = new Cancellation();
    const pending = guardedUpstreamRequest(url, { method: "POST", body: "{}", signal: cancellation }, policy);
    setTimeout(() => cancellation.abort(new DOMException("No response within 50 ms", "TimeoutError")), 50);

    await expect(pending).rejects.toMatchObject({ name: "TimeoutError", message: "No response within 50 ms" });
  });

  it("rejects an already aborted signal", async () => {
    const cancellation = new Cancellation();
    cancellation.abort(new DOMException("Cancelled", "AbortError"));

    await expect(guardedUpstreamRequest(url, { method: "POST", body: "{}", signal: cancellation }, policy)).rejects.toMatchObject({ name: "AbortError" });
  });
});
