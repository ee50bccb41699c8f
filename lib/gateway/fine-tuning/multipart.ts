import type { IncomingMessage } from "node:http";
import { readBody } from "../body";
import { GatewayError, invalidRequest } from "../respond";

/** Room for the multipart boundaries, part headers and the purpose field around the file's bytes. */
const ENVELOPE_BYTES = 64 * 1024;

export type UploadedFile = { filename: string; bytes: Buffer; purpose: string };

function fileTooLarge(maxFileBytes: number): GatewayError {
  const megabytes = Math.round((maxFileBytes / (1024 * 1024)) * 100) / 100;
  return new GatewayError(
    413,
    {
      message: `The file is larger than the gateway's limit of ${megabytes} MB for uploads. Split the training data into smaller files, or ask an admin to raise LUODI_GATEWAY_MAX_FILE_MB.`,
      type: "invalid_request_error",
      param: "file",
      code: "file_too_large",
    },
    { connection: "close" },
  );
}

/**
 * Reads a multipart/form-data upload with a `file` part and a `purpose` field, as the OpenAI SDKs send
 * it. The body is held in memory up to the file limit plus a small envelope, and cut off past it.
 */
export async function readUpload(req: IncomingMessage, maxFileBytes: number): Promise<UploadedFile> {
  const contentType = req.headers["content-type"] ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw invalidRequest(`Upload the file as multipart/form-data with a \`file\` part and \`purpose\` set to "fine-tune", not as ${contentType || "a body without Content-Type"}.`, "file", "invalid_content_type");
  }

  let body: Buffer;
  try {
    body = await readBody(req, maxFileBytes + ENVELOPE_BYTES);
  } catch (error) {
    if (error instanceof GatewayError && error.status === 413) throw fileTooLarge(maxFileBytes);
    throw error;
  }

  let form: FormData;
  try {
    // A Buffer is a Uint8Array, which Response accepts; the cast only narrows its buffer type, without a copy.
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw invalidRequest("The multipart/form-data body could not be parsed. Send it with a standard HTTP client or the OpenAI SDK.", "file", "invalid_multipart");
  }

  const purpose = form.get("purpose");
  if (typeof purpose !== "string" || purpose === "") throw invalidRequest('The upload has no `purpose`. Set `purpose` to "fine-tune".', "purpose", "missing_required_parameter");
  if (purpose !== "fine-tune") {
    throw invalidRequest(`\`purpose\` is ${JSON.stringify(purpose.slice(0, 40))}, but this gateway accepts files for fine-tuning only. Set \`purpose\` to "fine-tune".`, "purpose", "invalid_value");
  }

  const file = form.get("file");
  if (file === null || typeof file === "string") throw invalidRequest("The upload has no `file` part. Attach the JSONL file as the `file` part of the form.", "file", "missing_required_parameter");
  if (file.size > maxFileBytes) throw fileTooLarge(maxFileBytes);
  return { filename: file.name || "upload.jsonl", bytes: Buffer.from(await file.arrayBuffer()), purpose };
}
