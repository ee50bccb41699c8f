import { describe, expect, it } from "vitest";
import { cancelChanges } from "@/lib/finetune/jobs";

describe("cancel audit changes", () => {
  const at = new Date("2026-01-01T00:00:00Z");

  it("records the status change of a queued job", () => {
    expect(cancelChanges({ status: "queued", cancelRequestedAt: null }, { status: "cancelled", cancelRequestedAt: at })).toEqual({ status: { from: "queued", to: "cancelled" } });
  });

  it("records the cancel request of a running job, not an unchanged status", () => {
    expect(cancelChanges({ status: "running", cancelRequestedAt: null }, { status: "running", cancelRequestedAt: at })).toEqual({ cancelRequested: { from: false, to: true } });
  });

  it("records a repeated request on a running job as already requested", () => {
    expect(cancelChanges({ status: "running", cancelRequestedAt: at }, { status: "running", cancelRequestedAt: at })).toEqual({ cancelRequested: { from: true, to: true } });
  });
});
