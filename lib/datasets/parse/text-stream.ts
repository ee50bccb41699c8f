import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";

/** Size of each read from disk. Large reads keep per-chunk overhead small on multi-GB files. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Mutable counter of file bytes handed to the decoder, read by `SourceReader.bytesRead()`. */
export type ByteProgress = { bytesRead: number };

/** Reads up to `length` bytes from the start of a file. */
export async function readFileHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export type TextChunkOptions = {
  decoderLabel: string;
  /** Bytes to skip at the start, the byte order mark. They still count as read. */
  startByte: number;
  progress: ByteProgress;
  signal?: AbortSignal;
};

/**
 * Streams a file from disk and yields its text in decoded chunks of about READ_CHUNK_BYTES. A multibyte
 * character cut at a chunk boundary is held by the decoder until the next chunk, so no chunk ends in a
 * broken character. Invalid bytes become U+FFFD instead of failing the read.
 */
export async function* readTextChunks(path: string, options: TextChunkOptions): AsyncGenerator<string> {
  const { progress, signal } = options;
  signal?.throwIfAborted();
  progress.bytesRead = options.startByte;

  // ignoreBOM keeps the decoder from dropping a second BOM, because startByte already skips the first.
  const decoder = new TextDecoder(options.decoderLabel, { fatal: false, ignoreBOM: true });
  const stream = createReadStream(path, { start: options.startByte, highWaterMark: READ_CHUNK_BYTES, signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    signal?.throwIfAborted();
    progress.bytesRead += chunk.length;
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
