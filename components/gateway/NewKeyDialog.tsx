"use client";

import { useTranslations } from "next-intl";
import { SecretReveal } from "@/components/account/SecretReveal";
import { Button, Dialog } from "@/components/ui";

/** Shows a new key's secret once, with a copy button and a warning that it cannot be shown again. */
export function NewKeyDialog({ secret, name, onClose }: { secret: string; name: string; onClose: () => void }) {
  const t = useTranslations("gateway.newKey");
  const tCommon = useTranslations("common");

  return (
    <Dialog
      open
      onClose={onClose}
      title={t("title", { name })}
      closeLabel={tCommon("close")}
      footer={<Button onClick={onClose}>{t("done")}</Button>}
    >
      <SecretReveal value={secret} warning={t("warning")} copyLabel={t("copy")} copiedLabel={t("copied")} />
    </Dialog>
  );
}
