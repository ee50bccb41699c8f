import { env } from "@/lib/env";
import { httpUrl, localAddressFor } from "@/lib/launcher/addresses";

/**
 * Base URL (without /v1) that applications use for the gateway, shown in "how to call" snippets. With
 * LUODI_PUBLIC_URL set, it keeps that URL's scheme and host and uses GATEWAY_PORT; otherwise it is the
 * address the launcher prints: HOST (0.0.0.0 shown as 127.0.0.1) and GATEWAY_PORT.
 */
export function gatewayBaseUrl(): string {
  const settings = env();
  if (settings.LUODI_PUBLIC_URL) {
    // NOTE: assumes the gateway is reachable on the console's host at GATEWAY_PORT. A proxy that serves
    // the gateway under another host or port makes this snippet wrong.
    const url = new URL(settings.LUODI_PUBLIC_URL);
    url.port = String(settings.GATEWAY_PORT);
    return url.origin;
  }
  return httpUrl(localAddressFor(settings.HOST), settings.GATEWAY_PORT);
}
