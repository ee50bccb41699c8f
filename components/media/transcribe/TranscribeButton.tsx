"use client";

import { AudioLines } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "@/components/ui";
import { TranscribeDialog } from "./TranscribeDialog";

type TranscribeButtonProps = { assetIds: string[]; label?: string; size?: ButtonSize; variant?: ButtonVariant };

/** Opens the transcription dialog for the given audio files. */
export function TranscribeButton({ assetIds, label, size = "sm", variant = "secondary" }: TranscribeButtonProps) {
  const t = useTranslations("mediaAudio.transcribe");
  const [open, setOpen] = useState(false);

  return (
    <>
      <Button size={size} variant={variant} icon={<AudioLines className="size-4" aria-hidden />} disabled={assetIds.length === 0} onClick={() => setOpen(true)}>
        {label ?? t("action")}
      </Button>
      {open && <TranscribeDialog open={open} assetIds={assetIds} onClose={() => setOpen(false)} />}
    </>
  );
}
