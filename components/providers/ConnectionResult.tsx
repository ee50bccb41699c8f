"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui";
import { Link } from "@/i18n/navigation";
import type { ConnectionTestView } from "./types";

/** Explains a connection test's outcome in the user's language, with the next step for each failure. */
export function ConnectionResult({ result }: { result: ConnectionTestView }) {
  const t = useTranslations("providers.test");
  const params = {
    count: result.modelCount ?? 0,
    latency: result.latencyMs,
    status: result.httpStatus ?? 0,
    host: String(result.params.host ?? ""),
    address: String(result.params.address ?? ""),
    timeoutMs: Number(result.params.timeoutMs ?? 0),
    code: String(result.params.code ?? ""),
  };

  if (result.ok) return <Alert tone="success" title={t("okTitle")}>{t("ok", params)}</Alert>;

  const metadata = result.params.blockReason === "metadata_address";
  const reasonKey = result.reason === "blocked_address" && metadata ? "metadata_address" : result.reason;
  return (
    <Alert tone="error" title={t("failedTitle")}>
      <p>{t(`reasons.${reasonKey}`, params)}</p>
      {result.reason === "blocked_address" && !metadata && (
        <p className="mt-1">
          <Link href="/settings/network" className="font-medium underline">
            {t("openNetwork")}
          </Link>
        </p>
      )}
      <p className="mt-1 font-mono text-xs break-all opacity-80">{result.message}</p>
    </Alert>
  );
}
