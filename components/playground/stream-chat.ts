import { errorFromResponse } from "@/components/datasets/api";
import { readServerSentEvents } from "@/lib/llm/sse";
import type { PlaygroundDoneEvent, PlaygroundErrorEvent } from "./types";

export type StreamOutcome = { type: "done"; event: PlaygroundDoneEvent } | { type: "error"; event: PlaygroundErrorEvent } | { type: "connection_lost" };

/**
 * Posts one playground request and reads its event stream, calling onDelta for every piece of the answer.
 * Throws ApiRequestError when the server rejects the request before streaming (invalid schema, unknown
 * model...) and the fetch AbortError when `signal` aborts. A stream that ends without a done or error event
 * returns connection_lost, so the caller never waits forever.
 */
export async function streamPlaygroundChat(body: unknown, signal: AbortSignal, onDelta: (text: string) => void): Promise<StreamOutcome> {
  const response = await fetch("/api/playground/chat", {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) throw await errorFromResponse(response);

  try {
    for await (const event of readServerSentEvents(response.body)) {
      const data = JSON.parse(event.data) as unknown;
      if (event.event === "delta") onDelta((data as { text: string }).text);
      else if (event.event === "done") return { type: "done", event: data as PlaygroundDoneEvent };
      else if (event.event === "error") return { type: "error", event: data as PlaygroundErrorEvent };
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return { type: "connection_lost" };
  }
  return { type: "connection_lost" };
}
