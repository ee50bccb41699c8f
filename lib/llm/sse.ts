/**
 * A server-sent events reader for streamed chat completions, following the WHATWG event-stream format.
 * Lines end in \n, \r\n or \r, and lines starting with ":" are comments. Several `data:` lines of one event
 * are joined with \n, and a blank line dispatches the event.
 */

export type ServerSentEvent = { event: string | null; data: string; id: string | null };

/**
 * Yields the events of a byte stream. Bytes are decoded as UTF-8 in streaming mode, so a character split
 * across two network chunks decodes whole. An event still pending when the stream ends is yielded too,
 * because some servers end with `data: [DONE]` and no blank line.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder("utf-8");
  const reader = body.getReader();
  const parser = new EventParser();
  let buffer = "";

  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });

      const { lines, rest } = splitLines(buffer, done);
      buffer = rest;
      for (const line of lines) {
        const event = parser.push(line);
        if (event) yield event;
      }

      if (done) break;
    }
    const pending = parser.flush();
    if (pending) yield pending;
  } finally {
    // Stops the network read when the consumer leaves early (an error event, a cancelled call).
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * Splits complete lines off the buffer. A trailing \r is kept back until the next chunk shows whether a \n
 * follows, unless the stream has ended.
 */
function splitLines(buffer: string, ended: boolean): { lines: string[]; rest: string } {
  const lines: string[] = [];
  let start = 0;

  for (let index = 0; index < buffer.length; index++) {
    const char = buffer[index];
    if (char === "\n") {
      lines.push(buffer.slice(start, index));
      start = index + 1;
    } else if (char === "\r") {
      if (index + 1 === buffer.length && !ended) break;
      lines.push(buffer.slice(start, index));
      if (buffer[index + 1] === "\n") index++;
      start = index + 1;
    }
  }

  const rest = buffer.slice(start);
  if (ended && rest) return { lines: [...lines, rest], rest: "" };
  return { lines, rest };
}

class EventParser {
  private data: string[] = [];
  private event: string | null = null;
  private id: string | null = null;

  push(line: string): ServerSentEvent | null {
    if (line === "") return this.flush();
    if (line.startsWith(":")) return null;

    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);

    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id") this.id = value;
    return null;
  }

  flush(): ServerSentEvent | null {
    const hasData = this.data.length > 0;
    const event = hasData ? { event: this.event, data: this.data.join("\n"), id: this.id } : null;
    this.data = [];
    this.event = null;
    return event;
  }
}
