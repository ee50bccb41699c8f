import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertUrlAllowed, BlockedAddressError, UnsupportedUrlError } from "@/lib/net/guarded-fetch";
import { policyFor } from "./allow-rules";

// DNS answers that mean "not resolvable right now" rather than "resolves to a refused address".
const DNS_FAILURES = new Set(["ENOTFOUND", "EAI_AGAIN", "ENODATA", "ESERVFAIL", "ETIMEOUT", "ECONNREFUSED"]);

/** Builds the AppError for a blocked address, naming the host and the address so the admin can tell which rule to add. */
export function blockedAddressError(error: BlockedAddressError): AppError {
  const params = { host: error.hostname, address: error.address };
  if (error.reason === "metadata_address") {
    return new AppError("INVALID_INPUT", error.message, {
      reason: "providers.metadata_address",
      params,
      fieldErrors: { baseUrl: ["This address is a cloud metadata endpoint, which Luodi never contacts"] },
    });
  }
  return new AppError("INVALID_INPUT", error.message, {
    reason: "providers.private_address",
    params,
    fieldErrors: { baseUrl: [`${error.hostname} resolves to ${error.address}; add an allow rule under Settings → Network`] },
  });
}

/**
 * Checks a provider's base URL against the workspace's address policy before it is saved: a host that
 * resolves to a loopback, private or metadata address is rejected unless an allow rule covers it (metadata
 * addresses always). Nothing is sent to the host.
 *
 * A host that does not resolve at all is accepted, so admins can configure a provider before its DNS entry
 * exists. The guard checks the address again on every connection, so nothing unchecked gets through later.
 */
export async function assertBaseUrlAllowed(db: Db, workspaceId: string, kind: string, baseUrl: string): Promise<void> {
  const policy = await policyFor(db, workspaceId, kind);
  try {
    await assertUrlAllowed(baseUrl, policy);
  } catch (error) {
    if (error instanceof BlockedAddressError) throw blockedAddressError(error);
    if (error instanceof UnsupportedUrlError) {
      throw new AppError("INVALID_INPUT", error.message, { reason: "providers.invalid_base_url", params: { url: baseUrl }, fieldErrors: { baseUrl: [error.message] } });
    }
    if (DNS_FAILURES.has((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
}
