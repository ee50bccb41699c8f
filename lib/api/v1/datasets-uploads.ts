import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { assertUploadExtension, cleanFilename, storeUpload, toFileView } from "@/lib/datasets/uploads";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { defineRoute } from "../route";
import { datasetUploadResource } from "./datasets-schemas";

const TAG = "Datasets";

/** Largest pasted text, in UTF-8 bytes. Bigger data belongs in a file upload, which streams. */
export const MAX_PASTED_TEXT_BYTES = 10 * 1024 * 1024;

function uploadLimitBytes(): number {
  return env().LUODI_MAX_UPLOAD_MB * 1024 * 1024;
}

function uploadTooLarge(filename: string, limitBytes: number): AppError {
  const limitMb = Math.floor(limitBytes / 1024 / 1024);
  return new AppError("TOO_LARGE", `"${filename}" is larger than the ${limitMb} MiB upload limit (LUODI_MAX_UPLOAD_MB)`, {
    reason: "datasets.upload_too_large",
    params: { filename, limitMb },
  });
}

const filenameField = z.string().trim().min(1, "Enter a file name").max(500);

export const uploadDatasetFileRoute = defineRoute({
  method: "POST",
  path: "/datasets/uploads",
  operationId: "uploadDatasetFile",
  summary: "Upload a dataset file",
  description:
    "Stores a .jsonl, .json, .csv, .tsv, .xlsx or .txt file for a later import; send the file's bytes as the request body. The upload streams to storage, so files up to LUODI_MAX_UPLOAD_MB (default 2048 MiB) work. `duplicateOf` names an existing version imported from the same bytes.",
  tag: TAG,
  permission: "datasets.write",
  query: z.object({ filename: filenameField.describe("The file's name; its extension selects the parser") }),
  rawBody: { contentType: "application/octet-stream", description: "The file's bytes. Any Content-Type is accepted." },
  response: datasetUploadResource,
  successStatus: 201,
  errors: ["TOO_LARGE"],
  async handler({ actor, db, query, request }) {
    const filename = cleanFilename(query.filename);
    assertUploadExtension(filename);

    const limitBytes = uploadLimitBytes();
    const declaredLength = Number(request.headers.get("content-length") ?? "0");
    if (declaredLength > limitBytes) throw uploadTooLarge(filename, limitBytes);

    // The cast bridges the DOM and Node typings of the same WHATWG stream class.
    const source = request.body ? Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>) : Readable.from([]);
    const contentType = request.headers.get("content-type") ?? undefined;
    const { file, duplicateOf } = await storeUpload(db, actor, source, { filename, contentType, limitBytes });
    return {
      data: { file: toFileView(file), duplicateOf },
      audit: { action: "datasets.upload", targetType: "file", targetId: file.id, changes: { filename: file.filename, size: Number(file.size) } },
    };
  },
});

const pastedText = z.object({
  filename: filenameField.describe("Name to store the text under, such as pasted.jsonl or pasted.csv; its extension selects the parser"),
  text: z
    .string()
    .min(1, "Paste at least one row")
    .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_PASTED_TEXT_BYTES, "Paste at most 10 MiB; upload a file for more")
    .describe("The rows, in the format the file name's extension names (at most 10 MiB as UTF-8)"),
});

export const uploadDatasetTextRoute = defineRoute({
  method: "POST",
  path: "/datasets/uploads/text",
  operationId: "uploadDatasetText",
  summary: "Store pasted rows as a dataset file",
  description: "Stores pasted text as a file, the same way as a file upload, for the console's paste box. Import it like any upload.",
  tag: TAG,
  permission: "datasets.write",
  body: pastedText.strict(),
  // JSON escaping can double newline-heavy text, so the body may be about twice the text limit.
  maxBodyBytes: 2 * MAX_PASTED_TEXT_BYTES + 64 * 1024,
  response: datasetUploadResource,
  successStatus: 201,
  errors: ["TOO_LARGE"],
  async handler({ actor, db, body }) {
    const { file, duplicateOf } = await storeUpload(db, actor, Readable.from([Buffer.from(body.text, "utf8")]), {
      filename: body.filename,
      contentType: "text/plain; charset=utf-8",
      limitBytes: uploadLimitBytes(),
    });
    return {
      data: { file: toFileView(file), duplicateOf },
      audit: { action: "datasets.upload", targetType: "file", targetId: file.id, changes: { filename: file.filename, size: Number(file.size), pasted: true } },
    };
  },
});
