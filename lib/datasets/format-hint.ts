import { open } from "node:fs/promises";
import type { SourceFormat } from "./model";

/**
 * Suggests another format when most rows of a file failed to read: a JSON Lines file saved as .csv
 * reads as hundreds of column-count errors, and a CSV saved as .jsonl as one JSON error per line. The
 * first bytes show which it really is. Returns null when nothing better fits.
 */
export async function suggestFormat(filePath: string, used: SourceFormat): Promise<SourceFormat | null> {
  const handle = await open(filePath, "r");
  try {
    const buffer = Buffer.alloc(4_096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";

    if ((used === "csv" || used === "tsv") && firstLine.startsWith("{")) return "jsonl";
    if ((used === "csv" || used === "tsv") && firstLine.startsWith("[")) return "json";
    if ((used === "jsonl" || used === "json") && !/^[[{]/.test(firstLine)) {
      if (firstLine.includes("\t")) return "tsv";
      if (firstLine.includes(",")) return "csv";
    }
    return null;
  } finally {
    await handle.close();
  }
}
