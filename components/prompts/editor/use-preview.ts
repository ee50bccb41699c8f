"use client";

import { useEffect, useState } from "react";
import { API_BASE, errorFromResponse } from "@/components/datasets/api";
import { templatePath } from "../queries";
import type { PreviewView } from "../types";
import type { SpecBody } from "./draft";

/** Wait after the last keystroke before asking the server, so typing does not send a request per character. */
const DEBOUNCE_MS = 400;

export type PreviewState = { data: PreviewView | null; error: unknown; pending: boolean };

/**
 * Checks and renders the draft on the server (POST /prompts/{name}/preview) shortly after it stops
 * changing. A newer draft cancels the request for an older one.
 */
export function usePreview(name: string, body: SpecBody | null, values: Record<string, string>): PreviewState {
  const requestKey = body ? JSON.stringify({ spec: body, values }) : null;
  const [state, setState] = useState<{ key: string | null; data: PreviewView | null; error: unknown }>({ key: null, data: null, error: null });

  useEffect(() => {
    if (!requestKey) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`${API_BASE}${templatePath(name)}/preview`, {
          method: "POST",
          credentials: "same-origin",
          signal: controller.signal,
          headers: { Accept: "application/json", "Content-Type": "application/json" },
          body: requestKey,
        });
        if (!response.ok) throw await errorFromResponse(response);
        const { data } = (await response.json()) as { data: PreviewView };
        setState({ key: requestKey, data, error: null });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState({ key: requestKey, data: null, error });
      }
    }, DEBOUNCE_MS);

    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [name, requestKey]);

  return { data: state.data, error: state.error, pending: requestKey !== null && state.key !== requestKey };
}
