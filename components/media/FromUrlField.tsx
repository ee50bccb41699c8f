"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, Copy, Link2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiSend, isApiRequestError, type ApiItem } from "@/components/datasets/api";
import { Button, FormField, Textarea } from "@/components/ui";
import { useMediaErrorMessage } from "./error-text";
import { mediaKeys } from "./queries";
import type { UploadOutcome } from "./types";

/** Same limit as POST /media/from-url accepts per request. */
const MAX_URLS = 20;

type UrlOutcome = UploadOutcome & { url: string };

/**
 * Renders the "Add from URL" field of the upload card: one URL per line, downloaded by the server through
 * its address guard and stored like an upload. Each URL gets its own stored, duplicate or rejected line.
 */
export function FromUrlField() {
  const t = useTranslations("media.upload");
  const id = useId();
  const queryClient = useQueryClient();
  const { errorText } = useMediaErrorMessage();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<UrlOutcome[]>([]);
  const [error, setError] = useState<string | null>(null);

  const urls = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const tooMany = urls.length > MAX_URLS;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const body = await apiSend<ApiItem<{ files: UrlOutcome[] }>>("POST", "/media/from-url", { urls });
      setOutcomes(body.data.files);
      setText("");
      void queryClient.invalidateQueries({ queryKey: mediaKeys.all });
    } catch (failure) {
      // The whole request fails when every URL was rejected. One URL's message names it and the fix. For
      // several, `details` carries each URL's reason, shown as one line per URL under the summary.
      setOutcomes(rejectedOutcomes(failure));
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <FormField id={id} label={t("fromUrlLabel")} hint={t("fromUrlHelp", { max: MAX_URLS })} error={tooMany ? t("fromUrlTooMany", { max: MAX_URLS }) : (error ?? undefined)}>
        <Textarea value={text} onChange={(event) => setText(event.target.value)} rows={3} placeholder={t("fromUrlPlaceholder")} data-testid="media-url-input" />
      </FormField>
      <Button variant="secondary" icon={<Link2 className="size-4" aria-hidden />} loading={busy} disabled={urls.length === 0 || tooMany} onClick={() => void submit()}>
        {busy ? t("fromUrlAdding") : t("fromUrlSubmit")}
      </Button>
      {outcomes.length > 0 && (
        <ul className="space-y-1" aria-label={t("fromUrlListLabel")}>
          {outcomes.map((outcome, index) => (
            <UrlOutcomeRow key={`${index}-${outcome.url}`} outcome={outcome} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Turns the `details` of a failed request into rejected rows, one per URL. Other failures give none. */
function rejectedOutcomes(failure: unknown): UrlOutcome[] {
  if (!isApiRequestError(failure) || !failure.details) return [];
  return failure.details.map((detail): UrlOutcome => {
    const url = detail.url ?? "";
    const error = { code: detail.code, message: detail.message, reason: detail.reason ?? null, params: detail.params ?? {} };
    return { url, filename: url, status: "rejected", duplicate: false, asset: null, note: null, error };
  });
}

function UrlOutcomeRow({ outcome }: { outcome: UrlOutcome }) {
  const t = useTranslations("media.upload");
  const { reasonText } = useMediaErrorMessage();

  if (outcome.error) {
    const text = reasonText(outcome.error.reason, outcome.error.params, outcome.error.message);
    // Reasons about the content name only the file, unlike reasons about the download, so the URL goes first.
    return (
      <li className="flex items-start gap-1.5 text-xs text-red-700" role="alert" data-testid="url-row" data-state="failed">
        <CircleAlert className="mt-0.5 size-3.5 shrink-0" aria-hidden />
        <span className="break-all">{text.includes(outcome.url) ? text : `${outcome.url}: ${text}`}</span>
      </li>
    );
  }

  const Icon = outcome.duplicate ? Copy : CheckCircle2;
  return (
    <li className={outcome.duplicate ? "flex items-center gap-1.5 text-xs text-amber-800" : "flex items-center gap-1.5 text-xs text-emerald-700"} data-testid="url-row" data-state="done">
      <Icon className="size-3.5 shrink-0" aria-hidden />
      <span className="truncate" title={outcome.url}>
        {outcome.filename}
      </span>
      <span>· {outcome.duplicate ? t("duplicate") : t("stored")}</span>
    </li>
  );
}
