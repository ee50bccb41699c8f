"use client";

import { useTranslations } from "next-intl";
import { Button, Dialog } from "@/components/ui";
import { SHORTCUT_HELP } from "./LabelingQueueShortcuts";

/** Renders the dialog that lists the labelling queue's keyboard shortcuts, opened with "?". */
export function LabelingQueueHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("datasetRows.queue");
  const tCommon = useTranslations("common");

  return (
    <Dialog open={open} onClose={onClose} title={t("help.title")} description={t("help.description")} closeLabel={tCommon("close")} footer={<Button onClick={onClose}>{tCommon("close")}</Button>}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t("help.title")}</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">{t("help.keys")}</th>
            <th scope="col">{t("help.action")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {SHORTCUT_HELP.map((shortcut) => (
            <tr key={shortcut.action}>
              <td className="py-2 pr-4 whitespace-nowrap">
                {shortcut.keys.map((key, index) =>
                  key === "…" ? (
                    <span key={index} className="mx-1 text-muted">
                      …
                    </span>
                  ) : (
                    <kbd key={index} className="mr-1 inline-block min-w-6 rounded border border-border bg-subtle px-1.5 py-0.5 text-center font-mono text-xs">
                      {key}
                    </kbd>
                  ),
                )}
              </td>
              <td className="py-2">{t(`help.actions.${shortcut.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
