import type { IncomingMessage } from "node:http";
import { GatewayError, invalidRequest } from "./respond";

/** Builds the 413 error for a body over the limit; the connection is closed after the response. */
function tooLarge(maxBytes: number): GatewayError {
  const megabytes = Math.round((maxBytes / (1024 * 1024)) * 100) / 100;
  return new GatewayError(
    413,
    {
      message: `The request body is larger than the gateway's limit of ${megabytes} MB. Send a smaller request, for example with fewer or smaller inline images, or ask an admin to raise LUODI_GATEWAY_MAX_BODY_MB.`,
      type: "invalid_request_error",
      param: null,
      code: "request_too_large",
    },
    // The rest of the body is not read, so the connection cannot be reused.
    { connection: "close" },
  );
}

/**
 * Reads the request body up to maxBytes. A Content-Length over the limit is rejected before anything is
 * read, and a chunked body is cut off as soon as it passes the limit.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };

    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * Parses a JSON object body. A syntax error names the character position and its line and column, so the
 * client can find the broken spot.
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") {
    throw invalidRequest("The request body is empty. Send a JSON object with Content-Type: application/json.", null, "invalid_json");
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`The request body is not valid JSON: ${describeSyntaxError(error, text)}. Fix the JSON and send it again.`, null, "invalid_json");
  }

  if (!value || typeof value !== "object" || Array.isArray(value)) {
    let got = `a ${typeof value}`;
    if (Array.isArray(value)) got = "an array";
    if (value === null) got = "null";
    throw invalidRequest(`The request body must be a JSON object, but it is ${got}.`, null, "invalid_json");
  }
  return value as Record<string, unknown>;
}

/**
 * Describes where a body that JSON.parse rejected goes wrong: the first offending character, its position
 * (0-based UTF-16 offset) and its line and column. V8's own message names the position for some errors only.
 */
function describeSyntaxError(error: unknown, text: string): string {
  let offset: number | null;
  try {
    offset = new JsonScanner(text).firstErrorOffset();
  } catch {
    // Nesting deep enough to overflow the stack: V8's message is all there is.
    offset = null;
  }
  if (offset === null) return error instanceof Error ? error.message : String(error);

  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  const found = offset >= text.length ? "the body ends too early" : `unexpected ${JSON.stringify(text[offset])}`;
  return `${found} at position ${offset} (line ${line}, column ${column})`;
}

/** A strict JSON syntax scanner (RFC 8259) that only finds where the text first goes wrong. */
class JsonScanner {
  private at = 0;

  constructor(private readonly text: string) {}

  /** Offset of the first syntax error, or null when the text is valid. */
  firstErrorOffset(): number | null {
    if (!this.value()) return this.at;
    this.space();
    return this.at < this.text.length ? this.at : null;
  }

  /** Steps over a closing character; returns true so callers can return it. */
  private skip(): true {
    this.at++;
    return true;
  }

  private space(): void {
    while (this.at < this.text.length && " \t\n\r".includes(this.text[this.at]!)) this.at++;
  }

  private value(): boolean {
    this.space();
    const char = this.text[this.at];
    if (char === "{") return this.object();
    if (char === "[") return this.array();
    if (char === '"') return this.string();
    if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return true;
      }
    }
    return false;
  }

  private object(): boolean {
    this.at++;
    this.space();
    if (this.text[this.at] === "}") return this.skip();
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"' || !this.string()) return false;
      this.space();
      if (this.text[this.at] !== ":") return false;
      this.at++;
      if (!this.value()) return false;
      this.space();
      if (this.text[this.at] === "}") return this.skip();
      if (this.text[this.at] !== ",") return false;
      this.at++;
    }
  }

  private array(): boolean {
    this.at++;
    this.space();
    if (this.text[this.at] === "]") return this.skip();
    for (;;) {
      if (!this.value()) return false;
      this.space();
      if (this.text[this.at] === "]") return this.skip();
      if (this.text[this.at] !== ",") return false;
      this.at++;
    }
  }

  private string(): boolean {
    this.at++;
    while (this.at < this.text.length) {
      const char = this.text[this.at]!;
      if (char === '"') return this.skip();
      if (char < " ") return false;
      if (char === "\\") {
        const escape = this.text[this.at + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) return false;
          this.at += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) return false;
        this.at += 2;
        continue;
      }
      this.at++;
    }
    return false;
  }

  private number(): boolean {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at, this.at + 400));
    if (!match || match[0] === "-") return false;
    this.at += match[0].length;
    return true;
  }
}
