import { describe, expect, it } from "vitest";
import { readServerSentEvents, type ServerSentEvent } from "@/lib/llm/sse";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(chunks: Uint8Array[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("readServerSentEvents", () => {
  it("decodes a character split across chunks", async () => {
    const whole = bytes('data: {"t":"你好世界"}\n\n');
    const cut = whole.indexOf(0xe5) + 1;
    const events = await collect([whole.slice(0, cut), whole.slice(cut, cut + 2), whole.slice(cut + 2)]);
    expect(events.map((event) => event.data)).toEqual(['{"t":"你好世界"}']);
  });

  it("accepts CRLF, CR and LF line ends", async () => {
    const events = await collect([bytes("data: a\r\n\r\ndata: b\r\rdata: c\n\n")]);
    expect(events.map((event) => event.data)).toEqual(["a", "b", "c"]);
  });

  it("handles CRLF split between chunks", async () => {
    const events = await collect([bytes("data: a\r"), bytes("\n\r"), bytes("\ndata: b\r\n\r\n")]);
    expect(events.map((event) => event.data)).toEqual(["a", "b"]);
  });

  it("skips comments and joins multi-line data", async () => {
    const events = await collect([bytes(": keep-alive\n\nevent: message\ndata: line one\ndata: line two\nid: 7\n\n")]);
    expect(events).toEqual([{ event: "message", data: "line one\nline two", id: "7" }]);
  });

  it("yields a last event without a blank line", async () => {
    const events = await collect([bytes("data: x\n\ndata: [DONE]")]);
    expect(events.map((event) => event.data)).toEqual(["x", "[DONE]"]);
  });

  it("ignores events without data", async () => {
    const events = await collect([bytes("event: ping\n\nretry: 10\n\n")]);
    expect(events).toEqual([]);
  });
});
