"use client";

import { apiUrl, errorFromBody, type ApiItem } from "@/components/datasets/api";
import type { UploadOutcome } from "./types";

/**
 * Uploads one file to POST /media as multipart/form-data with XMLHttpRequest, because fetch reports no
 * upload progress. Resolves with the file's outcome; a request the server rejected as a whole (every
 * file rejected, no permission) rejects with ApiRequestError.
 */
export function uploadMediaFile(file: File, options: { onProgress: (loaded: number, total: number) => void; signal: AbortSignal }): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", apiUrl("/media"));
    request.setRequestHeader("Accept", "application/json");

    request.upload.onprogress = (event) => options.onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      const body = parseJson(request.responseText) as ApiItem<{ files: UploadOutcome[] }> | null;
      const outcome = body?.data?.files?.[0];
      if (request.status >= 200 && request.status < 300 && outcome) resolve(outcome);
      else reject(errorFromBody(request.status, body));
    };
    // A network failure has status 0 and no body; errorFromBody turns it into the generic message.
    request.onerror = () => reject(errorFromBody(request.status, null));
    request.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));

    if (options.signal.aborted) {
      reject(new DOMException("Upload cancelled", "AbortError"));
      return;
    }
    options.signal.addEventListener("abort", () => request.abort(), { once: true });

    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Collects the files of a drop, descending into dropped folders (webkitGetAsEntry is the only way
 * browsers expose a dropped folder's contents). Hidden files such as .DS_Store are skipped.
 */
export async function filesFromDrop(dataTransfer: DataTransfer): Promise<File[]> {
  const entries = [...dataTransfer.items].map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => Boolean(entry));
  if (entries.length === 0) return [...dataTransfer.files];

  const files: File[] = [];
  for (const entry of entries) await collectEntry(entry, files);
  return files.filter((file) => !file.name.startsWith("."));
}

async function collectEntry(entry: FileSystemEntry, files: File[]): Promise<void> {
  if (entry.isFile) {
    files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    return;
  }
  if (!entry.isDirectory) return;

  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in batches (100 in Chromium) and an empty batch at the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await collectEntry(child, files);
  }
}
