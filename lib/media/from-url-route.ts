import { z } from "zod";
import { defineRoute } from "@/lib/api/route";
import { mediaUploadResultResource, toMediaSummaryView } from "@/lib/api/v1/media-schemas";
import { recordAudit } from "@/lib/audit/record";
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { loadAllowRules } from "@/lib/providers/allow-rules";
import { fetchMediaUrl, MAX_REDIRECTS, MAX_URLS_PER_REQUEST, URL_FETCH_TIMEOUT_MS } from "./from-url";
import { mediaLimits } from "./limits";
import { allRejectedError } from "./rejections";
import { storeMediaFile } from "./upload";

const fromUrlInput = z.object({
  urls: z
    .array(z.string().trim().min(1).max(2048))
    .min(1)
    .max(MAX_URLS_PER_REQUEST)
    .describe(`http or https addresses of images or audio files, at most ${MAX_URLS_PER_REQUEST}`),
});

const uploadOutcome = mediaUploadResultResource.shape.files.element;
const fromUrlOutcome = uploadOutcome.extend({ url: z.string().describe("The URL as sent") });
const fromUrlResultResource = z.object({ files: z.array(fromUrlOutcome) }).meta({ id: "MediaFromUrlResult" });

type FromUrlOutcome = z.infer<typeof fromUrlOutcome>;

const log = logger.child({ domain: "media" });

export const addMediaFromUrlRoute = defineRoute({
  method: "POST",
  path: "/media/from-url",
  operationId: "addMediaFromUrl",
  summary: "Add images and audio by URL",
  description:
    `Downloads each URL (http or https, at most ${MAX_URLS_PER_REQUEST}) and stores the file exactly as an upload would: type read from ` +
    "the content, LUODI_MEDIA_MAX_MB, pixel and duration limits, SHA-256 deduplication, then processing. Hosts that resolve to " +
    "loopback, private or link-local addresses are rejected unless a network allow rule covers them, metadata addresses always; " +
    `redirects (at most ${MAX_REDIRECTS}) are checked the same way. Each URL has ${URL_FETCH_TIMEOUT_MS / 1000} seconds. ` +
    "originalName is the last segment of the URL path. Each URL has its own outcome; a rejected URL stores nothing. When every URL is " +
    "rejected the request fails, with that URL's error for one URL, else INVALID_INPUT with reason media.all_urls_rejected and " +
    "one `details` entry (url, code, message, reason, params) per URL. A misleading extension in the URL does not reject the file, " +
    "because image CDNs often serve another format at a .jpg address; the outcome carries a `note` instead.",
  tag: "Media",
  permission: "media.write",
  body: fromUrlInput,
  response: fromUrlResultResource,
  successStatus: 201,
  errors: ["TOO_LARGE", "FORBIDDEN", "UPSTREAM_ERROR"],
  async handler({ actor, db, enqueue, meta, body }) {
    const limits = mediaLimits();
    const policy = { allowRules: await loadAllowRules(db, actor.workspaceId) };

    const results: FromUrlOutcome[] = [];
    const failures: { url: string; error: AppError }[] = [];
    // NOTE: URLs are fetched one after another, so a request naming many slow hosts can take up to 20 timeouts.
    for (const url of body.urls) {
      try {
        const file = await fetchMediaUrl(url, policy, limits);
        // Image CDNs often serve WebP or PNG at a .jpg address, so a URL import is accepted by content and a
        // misleading extension only adds a note, unlike a file upload, where it is rejected.
        const stored = await storeMediaFile(db, enqueue, actor, file, limits, "note");
        if (!stored.duplicate) {
          const changes = { originalName: stored.asset.originalName, mimeType: stored.asset.mimeType, bytes: stored.asset.bytes, sha256: stored.asset.sha256, sourceUrl: auditUrl(url) };
          await recordAudit(db, actor, meta, { action: "media.upload", targetType: "media", targetId: stored.asset.id, changes });
        }
        const status = stored.duplicate ? "duplicate" : "created";
        results.push({ url, filename: stored.asset.originalName, status, duplicate: stored.duplicate, asset: toMediaSummaryView(stored.asset), note: stored.note, error: null });
      } catch (error) {
        if (!isAppError(error)) throw error;
        log.info({ workspaceId: actor.workspaceId, url: auditUrl(url), reason: error.options.reason }, "media.from_url_rejected");
        failures.push({ url, error });
        const failure = { code: error.code, message: error.publicMessage, reason: error.options.reason ?? null, params: error.options.params ?? {} };
        results.push({ url, filename: url, status: "rejected", duplicate: false, asset: null, note: null, error: failure });
      }
    }

    if (failures.length === body.urls.length) throw allRejectedError(failures, "URLs", "media.all_urls_rejected");
    return { data: { files: results } };
  },
});

/** Drops the query and fragment, which may carry access tokens, before the URL goes into the audit log. */
function auditUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}

