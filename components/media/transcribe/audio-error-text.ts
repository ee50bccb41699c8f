"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import enAudioMessages from "@/messages/en/mediaAudio.json";

/**
 * Returns a function that shows a stored transcriptError in the user's language. The job stores the
 * English message of its code, so the English catalogue maps it back to the code.
 */
export function useTranscriptErrorText() {
  const tErrors = useTranslations("mediaAudio.errors");
  return useCallback(
    (stored: string) => {
      const match = Object.entries(enAudioMessages.errors).find(([, text]) => text === stored);
      return match && tErrors.has(match[0]) ? tErrors(match[0]) : stored;
    },
    [tErrors],
  );
}
