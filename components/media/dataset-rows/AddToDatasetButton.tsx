"use client";

import { DatabaseZap } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui";
import type { MediaSummary } from "../types";
import { AddToDatasetDialog } from "./AddToDatasetDialog";

/** Opens the dialog that adds the selected images to a dataset; audio in the selection is left out. */
export function AddToDatasetButton({ selected }: { selected: MediaSummary[] }) {
  const t = useTranslations("mediaAudio.datasetRows");
  const [open, setOpen] = useState(false);
  const images = selected.filter((asset) => asset.kind === "image" && asset.status === "ready");

  return (
    <>
      <Button size="sm" variant="secondary" icon={<DatabaseZap className="size-4" aria-hidden />} disabled={images.length === 0} onClick={() => setOpen(true)}>
        {t("action")}
      </Button>
      {open && <AddToDatasetDialog open={open} images={images} onClose={() => setOpen(false)} />}
    </>
  );
}
