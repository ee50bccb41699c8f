import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A loopback model hub that speaks both hubs' HTTP APIs (the Hugging Face model info and resolve routes,
 * the ModelScope file list and file routes) over repositories built from local folders. Hugging Face
 * serves safetensors as LFS files through a redirect to a second "download host" server, as the real hub
 * does, and both honour Range requests.
 */

export type FakeFile = { path: string; bytes: Buffer };
export type FakeRepo = {
  files: FakeFile[];
  /** Checksums the listing states instead of the real ones, to serve corrupt content. */
  listedSha256?: Record<string, string>;
  /** Bytes after which the first download of a file is cut off, to test resuming. */
  cutAfterBytes?: Record<string, number>;
};

export type RecordedRequest = { server: "hub" | "cdn"; url: string; authorization: string | undefined; range: string | undefined };

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const gitBlobSha1 = (bytes: Buffer) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

/** Reads every file of a folder (recursively) as repository files. */
export async function repoFromFolder(folder: string, extra: FakeFile[] = []): Promise<FakeFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: FakeFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.push({ path: path.relative(folder, full).split(path.sep).join("/"), bytes: await readFile(full) });
  }
  return [...files, ...extra];
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

export async function startFakeHub() {
  const repos = new Map<string, FakeRepo>();
  const requests: RecordedRequest[] = [];
  const cutDone = new Set<string>();

  const findFile = (repoId: string, filePath: string) => repos.get(repoId)?.files.find((file) => file.path === filePath);

  /** Sends a file, honouring "Range: bytes=N-", and cuts the connection once where the repository sets cutAfterBytes. */
  function sendFile(request: http.IncomingMessage, response: http.ServerResponse, repoId: string, file: FakeFile): void {
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    if (start >= file.bytes.length && file.bytes.length > 0) {
      response.writeHead(416, { "content-range": `bytes */${file.bytes.length}` }).end();
      return;
    }
    const body = file.bytes.subarray(start);
    const headers: Record<string, string | number> = { "content-type": "application/octet-stream", "content-length": body.length, "accept-ranges": "bytes" };
    if (range) headers["content-range"] = `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}`;
    response.writeHead(range ? 206 : 200, headers);

    const cutKey = `${repoId}/${file.path}`;
    const cutAfter = repos.get(repoId)?.cutAfterBytes?.[file.path];
    if (cutAfter !== undefined && !cutDone.has(cutKey)) {
      cutDone.add(cutKey);
      response.write(body.subarray(0, cutAfter), () => setTimeout(() => response.socket?.destroy(), 50));
      return;
    }
    response.end(body);
  }

  const notFound = (response: http.ServerResponse, code: string) => response.writeHead(404, { "x-error-code": code, "content-type": "application/json" }).end(JSON.stringify({ error: code }));

  const cdn = http.createServer((request, response) => {
    requests.push({ server: "cdn", url: request.url ?? "", authorization: request.headers.authorization, range: request.headers.range });
    const match = /^\/blobs\/([^/]+)\/([^/]+)\/(.+)$/.exec(new URL(request.url ?? "/", "http://x").pathname);
    const repoId = match ? `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}` : "";
    const file = match ? findFile(repoId, decodeURIComponent(match[3]!)) : undefined;
    if (!file) return notFound(response, "EntryNotFound");
    sendFile(request, response, repoId, file);
  });
  const cdnPort = await listen(cdn);

  const hub = http.createServer((request, response) => {
    requests.push({ server: "hub", url: request.url ?? "", authorization: request.headers.authorization, range: request.headers.range });
    const url = new URL(request.url ?? "/", "http://x");
    const segments = url.pathname.split("/").slice(1).map(decodeURIComponent);

    // Hugging Face: /api/models/{owner}/{name}/revision/{revision}?blobs=true
    if (segments[0] === "api" && segments[1] === "models" && segments[4] === "revision") {
      const repo = repos.get(`${segments[2]}/${segments[3]}`);
      if (!repo) return notFound(response, "RepoNotFound");
      if (segments[5] !== "main") return notFound(response, "RevisionNotFound");
      const siblings = repo.files.map((file) => {
        const listed = repo.listedSha256?.[file.path] ?? sha256(file.bytes);
        return file.path.endsWith(".safetensors") || file.path.endsWith(".bin")
          ? { rfilename: file.path, size: file.bytes.length, blobId: "0".repeat(40), lfs: { sha256: listed, size: file.bytes.length, pointerSize: 134 } }
          : { rfilename: file.path, size: file.bytes.length, blobId: gitBlobSha1(file.bytes) };
      });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `${segments[2]}/${segments[3]}`, sha: "a".repeat(40), siblings }));
      return;
    }

    // Hugging Face: /{owner}/{name}/resolve/{revision}/{path}; LFS files redirect to the download host.
    if (segments[2] === "resolve") {
      const repoId = `${segments[0]}/${segments[1]}`;
      const filePath = segments.slice(4).join("/");
      const file = findFile(repoId, filePath);
      if (!file) return notFound(response, repos.has(repoId) ? "EntryNotFound" : "RepoNotFound");
      if (file.path.endsWith(".safetensors")) {
        const location = `http://127.0.0.1:${cdnPort}/blobs/${encodeURIComponent(segments[0]!)}/${encodeURIComponent(segments[1]!)}/${filePath.split("/").map(encodeURIComponent).join("/")}`;
        response.writeHead(302, { location }).end();
        return;
      }
      return sendFile(request, response, repoId, file);
    }

    // ModelScope: /api/v1/models/{owner}/{name}/repo/files?Revision=&Recursive=true and /repo?Revision=&FilePath=
    if (segments[0] === "api" && segments[1] === "v1" && segments[2] === "models") {
      const repoId = `${segments[3]}/${segments[4]}`;
      const repo = repos.get(repoId);
      if (!repo) return response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ Code: 10010205, Message: "model not found", Success: false }));
      if (segments[5] === "repo" && segments[6] === "files") {
        const files = repo.files.map((file) => ({
          Name: path.posix.basename(file.path),
          Path: file.path,
          Type: "blob",
          Size: file.bytes.length,
          Sha256: repo.listedSha256?.[file.path] ?? sha256(file.bytes),
          Revision: url.searchParams.get("Revision"),
        }));
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ Code: 200, Data: { Files: files }, Success: true }));
        return;
      }
      if (segments[5] === "repo" && segments.length === 6) {
        const file = findFile(repoId, url.searchParams.get("FilePath") ?? "");
        if (!file) return response.writeHead(404).end();
        return sendFile(request, response, repoId, file);
      }
    }
    response.writeHead(404).end();
  });
  const hubPort = await listen(hub);

  async function stopHub(): Promise<void> {
    hub.closeAllConnections();
    await new Promise<void>((resolve) => hub.close(() => resolve()));
  }

  return {
    endpoint: `http://127.0.0.1:${hubPort}`,
    requests,
    addRepo: (repoId: string, repo: FakeRepo) => repos.set(repoId, repo),
    stopHub,
    async stop() {
      if (hub.listening) await stopHub();
      cdn.closeAllConnections();
      await new Promise<void>((resolve) => cdn.close(() => resolve()));
    },
  };
}

export type FakeHub = Awaited<ReturnType<typeof startFakeHub>>;
