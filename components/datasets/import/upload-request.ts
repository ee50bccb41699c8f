"use client";

import { apiSend, apiUrl, errorFromBody, type ApiItem } from "../api";
import type { UploadResult } from "../types";

export type UploadProgress = { loaded: number; total: number };

/** Rejection of an upload the user cancelled; callers show nothing for it. */
export class UploadCancelledError extends Error {
  constructor() {
    super("Upload cancelled");
    this.name = "UploadCancelledError";
  }
}

/**
 * Uploads a file's bytes to POST /datasets/uploads with XMLHttpRequest, because fetch reports no upload
 * progress. `onProgress` gets bytes sent so far; aborting `signal` cancels the request and rejects with
 * UploadCancelledError. Failed responses reject with ApiRequestError.
 */
export function uploadFile(file: File, options: { onProgress: (progress: UploadProgress) => void; signal: AbortSignal }): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", apiUrl("/datasets/uploads", { filename: file.name }));
    request.setRequestHeader("Content-Type", "application/octet-stream");
    request.setRequestHeader("Accept", "application/json");

    request.upload.onprogress = (event) => {
      options.onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    request.onload = () => {
      const body = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300 && body && typeof body === "object" && "data" in body) {
        resolve((body as ApiItem<UploadResult>).data);
      } else {
        reject(errorFromBody(request.status, body));
      }
    };
    // A network failure has status 0 and no body; errorFromBody turns it into the generic message.
    request.onerror = () => reject(errorFromBody(request.status, null));
    request.onabort = () => reject(new UploadCancelledError());

    if (options.signal.aborted) {
      reject(new UploadCancelledError());
      return;
    }
    options.signal.addEventListener("abort", () => request.abort(), { once: true });
    request.send(file);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Stores pasted rows as a file named `filename`, whose extension selects the parser. */
export async function uploadPastedText(filename: string, text: string): Promise<UploadResult> {
  const { data } = await apiSend<ApiItem<UploadResult>>("POST", "/datasets/uploads/text", { filename, text });
  return data;
}
