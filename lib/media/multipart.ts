import { AppError } from "@/lib/errors";
import { MAX_FILES_PER_REQUEST, maxRequestBytes, type MediaLimits } from "./limits";
import { mediaRequestErrors } from "./rejections";

export type UploadedFile = { filename: string; bytes: Buffer };

/**
 * Reads the files of a multipart/form-data request: every part that carries a file, whatever its field
 * name. The body is counted as it streams and parsing stops past maxRequestBytes, so a client that
 * lies about Content-Length cannot make the server buffer more.
 */
export async function readUploadedFiles(request: Request, limits: MediaLimits): Promise<UploadedFile[]> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw mediaRequestErrors.notMultipart();

  const limitBytes = maxRequestBytes(limits);
  const limitMb = Math.floor(limitBytes / 1024 / 1024);
  const declaredLength = Number(request.headers.get("content-length") ?? "0");
  if (declaredLength > limitBytes) throw mediaRequestErrors.requestTooLarge(limitMb);

  let received = 0;
  let exceeded = false;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (received > limitBytes) {
        exceeded = true;
        controller.error(new Error("request body over the limit"));
        return;
      }
      controller.enqueue(chunk);
    },
  });

  let form: FormData;
  try {
    const body = request.body ? request.body.pipeThrough(counter) : null;
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch (error) {
    if (exceeded) throw mediaRequestErrors.requestTooLarge(limitMb);
    throw new AppError("INVALID_INPUT", "The multipart body is malformed; send each file as a form-data part with a filename", {
      reason: "media.multipart_invalid",
      cause: error,
    });
  }

  const files = [...form.values()].filter((value): value is File => typeof value !== "string");
  if (files.length === 0) throw mediaRequestErrors.noFiles();
  if (files.length > MAX_FILES_PER_REQUEST) throw mediaRequestErrors.tooManyFiles(MAX_FILES_PER_REQUEST);

  const uploaded: UploadedFile[] = [];
  for (const file of files) uploaded.push({ filename: file.name || "upload", bytes: Buffer.from(await file.arrayBuffer()) });
  return uploaded;
}
