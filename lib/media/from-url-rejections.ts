import { AppError, type ErrorCode } from "@/lib/errors";

/**
 * Errors of adding media by URL. Each one names the URL, the reason (`media.url_<reason>`, translated by the
 * console from messages/<locale>/media.json) and the fix. Nothing is stored for a rejected URL.
 */
function rejectUrl(code: ErrorCode, reason: string, message: string, params: Record<string, string | number>): AppError {
  return new AppError(code, message, { reason: `media.${reason}`, params });
}

export const urlRejections = {
  unsupportedUrl: (url: string) =>
    rejectUrl("INVALID_INPUT", "url_unsupported", `"${url}" is not an absolute http or https URL without a user name or password; copy the image's address again`, { url }),

  blockedAddress: (url: string, hostname: string, address: string, reason: "private_address" | "metadata_address") =>
    reason === "metadata_address"
      ? rejectUrl("FORBIDDEN", "url_metadata_address", `"${url}" was rejected: ${hostname} resolves to ${address}, a cloud metadata address, which Luodi never contacts`, {
          url,
          hostname,
          address,
        })
      : rejectUrl(
          "FORBIDDEN",
          "url_blocked_address",
          `"${url}" was rejected: ${hostname} resolves to ${address}, a loopback or private address; an admin must allow this host under Settings → Network first`,
          { url, hostname, address },
        ),

  httpStatus: (url: string, status: number) =>
    rejectUrl("UPSTREAM_ERROR", "url_http_status", `"${url}" returned HTTP ${status} instead of the file; check that the address opens the image itself`, { url, status }),

  tooLarge: (url: string, limitMb: number) =>
    rejectUrl("TOO_LARGE", "url_too_large", `"${url}" is larger than the ${limitMb} MiB limit for media files (LUODI_MEDIA_MAX_MB); link a smaller version of the file`, {
      url,
      limitMb,
    }),

  timedOut: (url: string, seconds: number) =>
    rejectUrl("UPSTREAM_ERROR", "url_timeout", `"${url}" did not finish downloading within ${seconds} seconds; try again later or download the file and upload it`, {
      url,
      seconds,
    }),

  unreachable: (url: string, detail: string) =>
    rejectUrl("UPSTREAM_ERROR", "url_unreachable", `"${url}" could not be reached (${detail}); check the address, or download the file and upload it`, { url, detail }),

  tooManyRedirects: (url: string, limit: number) =>
    rejectUrl("UPSTREAM_ERROR", "url_too_many_redirects", `"${url}" redirected more than ${limit} times; use the final address of the file`, { url, limit }),

  invalidRedirect: (url: string, location: string) =>
    rejectUrl("UPSTREAM_ERROR", "url_invalid_redirect", `"${url}" redirected to "${location}", which is not a valid URL; use the final address of the file`, { url, location }),
};
