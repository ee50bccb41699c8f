"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionErrorAlert } from "@/components/account/ActionErrorAlert";
import { ConfirmDialog } from "@/components/account/ConfirmDialog";
import { useServerAction } from "@/components/account/use-server-action";
import { Button } from "@/components/ui";
import { revokeInvitation } from "./actions";

/** Renders the "Revoke" button of one pending invitation, with a dialog that confirms before the link stops working. */
export function RevokeInvitationButton({ invitation }: { invitation: { id: string; email: string } }) {
  const t = useTranslations("users");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { run, pending, failure, clearFailure } = useServerAction(revokeInvitation);

  function close() {
    clearFailure();
    setOpen(false);
  }

  function confirm() {
    run({ invitationId: invitation.id }, () => {
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)}>
        {t("revokeInvitation.open")}
      </Button>
      <ConfirmDialog
        open={open}
        title={t("revokeInvitation.title", { email: invitation.email })}
        description={t("revokeInvitation.description")}
        confirmLabel={t("revokeInvitation.confirm")}
        cancelLabel={tCommon("cancel")}
        closeLabel={tCommon("close")}
        destructive
        pending={pending}
        onConfirm={confirm}
        onClose={close}
      >
        <ActionErrorAlert failure={failure} />
      </ConfirmDialog>
    </>
  );
}
